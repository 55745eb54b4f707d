package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.EnumSerializer;

/**
 * The type of an enum: its constants are written by position, and state keeps its meaning when constants are
 * reordered or added (see {@link EnumSerializer}). Flink's name: {@code new EnumTypeInfo<>(Color.class)}, or
 * {@code Types.ENUM(Color.class)}.
 *
 * @param <E> the enum type
 */
public final class EnumTypeInfo<E extends Enum<E>> extends TypeInformation<E> {
    private static final long serialVersionUID = 1L;

    private final Class<E> enumClass;

    /** The type of {@code enumClass}. */
    public EnumTypeInfo(Class<E> enumClass) {
        if (enumClass == null || !enumClass.isEnum()) {
            throw new IllegalArgumentException("EnumTypeInfo needs an enum class, got " + enumClass);
        }
        this.enumClass = enumClass;
    }

    @Override
    public Class<E> getTypeClass() {
        return enumClass;
    }

    @Override
    public TypeSerializer<E> createSerializer(SerializerConfig config) {
        return new EnumSerializer<>(enumClass);
    }

    /** As Flink writes it: {@code EnumTypeInfo<com.example.Color>}. */
    @Override
    public String toString() {
        return "EnumTypeInfo<" + enumClass.getName() + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof EnumTypeInfo<?> other && other.enumClass == enumClass;
    }

    @Override
    public int hashCode() {
        return enumClass.hashCode();
    }
}
