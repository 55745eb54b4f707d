package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.OptionalSerializer;

import java.util.Map;
import java.util.Optional;

/**
 * The type of an {@link Optional} of one type: {@code new OptionalTypeInfo<>(Types.STRING)}, or
 * {@code TypeInformation.of(new TypeHint<Optional<String>>() {})}.
 *
 * @param <T> the type of the value
 */
public final class OptionalTypeInfo<T> extends TypeInformation<Optional<T>> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> elementTypeInfo;

    /** The type of optionals of {@code elementTypeInfo}. */
    public OptionalTypeInfo(TypeInformation<T> elementTypeInfo) {
        if (elementTypeInfo == null) {
            throw new NullPointerException("OptionalTypeInfo needs the value type, e.g. "
                    + "new OptionalTypeInfo<>(Types.STRING)");
        }
        this.elementTypeInfo = elementTypeInfo;
    }

    /** The type of the value. */
    public TypeInformation<T> getElementTypeInfo() {
        return elementTypeInfo;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<Optional<T>> getTypeClass() {
        return (Class<Optional<T>>) (Class<?>) Optional.class;
    }

    @Override
    public Map<String, TypeInformation<?>> getGenericParameters() {
        return Map.of("T", elementTypeInfo);
    }

    @Override
    public boolean isKeyType() {
        return elementTypeInfo.isKeyType();
    }

    @Override
    public boolean isSortKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Optional<T>> createSerializer(SerializerConfig config) {
        return new OptionalSerializer<>(elementTypeInfo.createSerializer(config));
    }

    @Override
    public String toString() {
        return "Optional<" + elementTypeInfo + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof OptionalTypeInfo<?> other && other.elementTypeInfo.equals(elementTypeInfo);
    }

    @Override
    public int hashCode() {
        return 31 * OptionalTypeInfo.class.hashCode() + elementTypeInfo.hashCode();
    }
}
