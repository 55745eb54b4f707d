package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.base.PrimitiveArraySerializer;

import java.util.List;

/**
 * The type of an array of a primitive type: {@code long[]}, {@code int[]}, {@code byte[]}, … Flink's name and
 * constants; {@code Types.PRIMITIVE_ARRAY(Types.LONG)} is {@link #LONG_PRIMITIVE_ARRAY_TYPE_INFO}. Arrays compare by
 * identity, so they are not key types.
 *
 * @param <T> the array type
 */
public final class PrimitiveArrayTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    public static final PrimitiveArrayTypeInfo<boolean[]> BOOLEAN_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(boolean[].class, BasicTypeInfo.BOOLEAN_TYPE_INFO);
    public static final PrimitiveArrayTypeInfo<byte[]> BYTE_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(byte[].class, BasicTypeInfo.BYTE_TYPE_INFO);
    public static final PrimitiveArrayTypeInfo<short[]> SHORT_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(short[].class, BasicTypeInfo.SHORT_TYPE_INFO);
    public static final PrimitiveArrayTypeInfo<int[]> INT_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(int[].class, BasicTypeInfo.INT_TYPE_INFO);
    public static final PrimitiveArrayTypeInfo<long[]> LONG_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(long[].class, BasicTypeInfo.LONG_TYPE_INFO);
    public static final PrimitiveArrayTypeInfo<float[]> FLOAT_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(float[].class, BasicTypeInfo.FLOAT_TYPE_INFO);
    public static final PrimitiveArrayTypeInfo<double[]> DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(double[].class, BasicTypeInfo.DOUBLE_TYPE_INFO);
    public static final PrimitiveArrayTypeInfo<char[]> CHAR_PRIMITIVE_ARRAY_TYPE_INFO =
            new PrimitiveArrayTypeInfo<>(char[].class, BasicTypeInfo.CHAR_TYPE_INFO);

    private static final List<PrimitiveArrayTypeInfo<?>> ALL = List.of(BOOLEAN_PRIMITIVE_ARRAY_TYPE_INFO,
            BYTE_PRIMITIVE_ARRAY_TYPE_INFO, SHORT_PRIMITIVE_ARRAY_TYPE_INFO, INT_PRIMITIVE_ARRAY_TYPE_INFO,
            LONG_PRIMITIVE_ARRAY_TYPE_INFO, FLOAT_PRIMITIVE_ARRAY_TYPE_INFO, DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO,
            CHAR_PRIMITIVE_ARRAY_TYPE_INFO);

    private final Class<T> arrayClass;
    /** The box of the component type, as a basic type: what {@code Types.PRIMITIVE_ARRAY} is called with. */
    private final BasicTypeInfo<?> componentInfo;

    private PrimitiveArrayTypeInfo(Class<T> arrayClass, BasicTypeInfo<?> componentInfo) {
        this.arrayClass = arrayClass;
        this.componentInfo = componentInfo;
    }

    /** The type of {@code arrayClass} ({@code long[].class}, …), or null if it is not an array of a primitive type. */
    @SuppressWarnings("unchecked")
    public static <X> PrimitiveArrayTypeInfo<X> getInfoFor(Class<X> arrayClass) {
        for (PrimitiveArrayTypeInfo<?> info : ALL) {
            if (info.arrayClass == arrayClass) {
                return (PrimitiveArrayTypeInfo<X>) info;
            }
        }
        return null;
    }

    /** The array type whose elements are the primitive of {@code boxType} (LONG gives long[]), or null. */
    static PrimitiveArrayTypeInfo<?> forComponent(TypeInformation<?> boxType) {
        for (PrimitiveArrayTypeInfo<?> info : ALL) {
            if (info.componentInfo.equals(boxType)) {
                return info;
            }
        }
        return null;
    }

    /** The type of the elements, as their box: {@code Types.LONG} for {@code long[]}. */
    public TypeInformation<?> getComponentType() {
        return componentInfo;
    }

    /** The primitive class of the elements: {@code long.class} for {@code long[]}. */
    public Class<?> getComponentClass() {
        return arrayClass.getComponentType();
    }

    @Override
    public Class<T> getTypeClass() {
        return arrayClass;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return PrimitiveArraySerializer.forArrayClass(arrayClass);
    }

    /** As Java writes it: {@code long[]}. */
    @Override
    public String toString() {
        return arrayClass.getComponentType().getName() + "[]";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof PrimitiveArrayTypeInfo<?> other && other.arrayClass == arrayClass;
    }

    @Override
    public int hashCode() {
        return arrayClass.hashCode();
    }

    private Object readResolve() {
        return getInfoFor(arrayClass);
    }
}
