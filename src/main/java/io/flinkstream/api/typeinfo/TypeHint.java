package io.flinkstream.api.typeinfo;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type that erasure would hide, by subclassing: {@code new TypeHint<Tuple2<String, Long>>() {}}.
 * The anonymous subclass records its type argument, which {@link #getTypeInfo()} turns into a
 * {@link TypeInformation}.
 *
 * <pre>{@code
 * stream.map(v -> Tuple2.of(v, 1L)).returns(new TypeHint<Tuple2<Long, Long>>() {});
 * }</pre>
 *
 * @param <T> the type captured
 */
public abstract class TypeHint<T> {
    private final TypeInformation<T> typeInfo;

    /** Reads the type argument of the anonymous subclass. */
    @SuppressWarnings("unchecked")
    protected TypeHint() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)
                || parameterized.getRawType() != TypeHint.class) {
            throw new IllegalArgumentException("A TypeHint must be an anonymous subclass with its type argument "
                    + "written out, e.g. new TypeHint<Tuple2<String, Long>>() {}");
        }
        this.typeInfo = (TypeInformation<T>) TypeExtractor.createTypeInfo(parameterized.getActualTypeArguments()[0]);
    }

    /** The type captured. */
    public TypeInformation<T> getTypeInfo() {
        return typeInfo;
    }

    @Override
    public int hashCode() {
        return typeInfo.hashCode();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof TypeHint<?> other && typeInfo.equals(other.typeInfo);
    }

    @Override
    public String toString() {
        return "TypeHint: " + typeInfo;
    }
}
