package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.ListSerializer;

import java.util.List;
import java.util.Map;

/**
 * The type of a {@link List} whose elements have one type; values come back as {@link java.util.ArrayList}s. Flink's
 * name: {@code new ListTypeInfo<>(Types.LONG)}, or {@code Types.LIST(Types.LONG)}.
 *
 * @param <T> the element type
 */
public final class ListTypeInfo<T> extends TypeInformation<List<T>> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> elementTypeInfo;

    /** The type of lists of {@code elementTypeInfo}. */
    public ListTypeInfo(TypeInformation<T> elementTypeInfo) {
        if (elementTypeInfo == null) {
            throw new NullPointerException("ListTypeInfo needs the element type, e.g. new ListTypeInfo<>(Types.LONG)");
        }
        this.elementTypeInfo = elementTypeInfo;
    }

    /** The type of lists of {@code elementClass}. */
    public ListTypeInfo(Class<T> elementClass) {
        this(TypeInformation.of(elementClass));
    }

    /** The type of the elements. */
    public TypeInformation<T> getElementTypeInfo() {
        return elementTypeInfo;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<List<T>> getTypeClass() {
        return (Class<List<T>>) (Class<?>) List.class;
    }

    @Override
    public Map<String, TypeInformation<?>> getGenericParameters() {
        return Map.of("T", elementTypeInfo);
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<List<T>> createSerializer(SerializerConfig config) {
        return new ListSerializer<>(elementTypeInfo.createSerializer(config));
    }

    @Override
    public String toString() {
        return "List<" + elementTypeInfo + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ListTypeInfo<?> other && other.elementTypeInfo.equals(elementTypeInfo);
    }

    @Override
    public int hashCode() {
        return 31 * ListTypeInfo.class.hashCode() + elementTypeInfo.hashCode();
    }
}
