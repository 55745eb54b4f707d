package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.KryoSerializer;

/**
 * A type FlinkStream has no serializer of its own for, or whose class erasure hid (the result of a lambda): the
 * generic serializer ({@link KryoSerializer}) handles it. No {@link java.io.Serializable} needed. Forbid such types
 * with {@code env.getConfig().getSerializerConfig().setGenericTypes(false)} to find them.
 *
 * @param <T> the type
 */
public final class GenericTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> typeClass;

    public GenericTypeInfo(Class<T> typeClass) {
        if (typeClass == null) {
            throw new NullPointerException("GenericTypeInfo needs a class");
        }
        this.typeClass = typeClass;
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        if (config.hasGenericTypesDisabled()) {
            throw new UnsupportedOperationException("Generic types have been disabled in the SerializerConfig, and "
                    + typeClass.getName() + " is treated as a generic type (it is neither a basic type, a tuple, a "
                    + "record nor a POJO). Give it a type with returns(...) or a TypeHint, or allow generic types");
        }
        return new KryoSerializer<>(typeClass, config);
    }

    @Override
    public String toString() {
        return "GenericType<" + typeClass.getCanonicalName() + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof GenericTypeInfo<?> other && other.typeClass == typeClass;
    }

    @Override
    public int hashCode() {
        return typeClass.hashCode();
    }
}
