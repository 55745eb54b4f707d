package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.GenericArraySerializer;

import java.lang.reflect.Array;

/**
 * The type of an array of a basic type: {@code String[]}, {@code Long[]}, {@code BigDecimal[]}, …, null elements
 * included. Flink's name and constants; {@code Types.OBJECT_ARRAY(Types.STRING)} is {@link #STRING_ARRAY_TYPE_INFO},
 * and so for every basic component type.
 *
 * @param <T> the array type
 * @param <C> the component type
 */
public final class BasicArrayTypeInfo<T, C> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    public static final BasicArrayTypeInfo<String[], String> STRING_ARRAY_TYPE_INFO =
            new BasicArrayTypeInfo<>(BasicTypeInfo.STRING_TYPE_INFO);
    public static final BasicArrayTypeInfo<Boolean[], Boolean> BOOLEAN_ARRAY_TYPE_INFO =
            new BasicArrayTypeInfo<>(BasicTypeInfo.BOOLEAN_TYPE_INFO);
    public static final BasicArrayTypeInfo<Byte[], Byte> BYTE_ARRAY_TYPE_INFO =
            new BasicArrayTypeInfo<>(BasicTypeInfo.BYTE_TYPE_INFO);
    public static final BasicArrayTypeInfo<Short[], Short> SHORT_ARRAY_TYPE_INFO =
            new BasicArrayTypeInfo<>(BasicTypeInfo.SHORT_TYPE_INFO);
    public static final BasicArrayTypeInfo<Integer[], Integer> INT_ARRAY_TYPE_INFO =
            new BasicArrayTypeInfo<>(BasicTypeInfo.INT_TYPE_INFO);
    public static final BasicArrayTypeInfo<Long[], Long> LONG_ARRAY_TYPE_INFO =
            new BasicArrayTypeInfo<>(BasicTypeInfo.LONG_TYPE_INFO);
    public static final BasicArrayTypeInfo<Float[], Float> FLOAT_ARRAY_TYPE_INFO =
            new BasicArrayTypeInfo<>(BasicTypeInfo.FLOAT_TYPE_INFO);
    public static final BasicArrayTypeInfo<Double[], Double> DOUBLE_ARRAY_TYPE_INFO =
            new BasicArrayTypeInfo<>(BasicTypeInfo.DOUBLE_TYPE_INFO);
    public static final BasicArrayTypeInfo<Character[], Character> CHAR_ARRAY_TYPE_INFO =
            new BasicArrayTypeInfo<>(BasicTypeInfo.CHAR_TYPE_INFO);

    private final BasicTypeInfo<C> componentInfo;

    private BasicArrayTypeInfo(BasicTypeInfo<C> componentInfo) {
        this.componentInfo = componentInfo;
    }

    /** The type of arrays of the basic type {@code componentInfo}. */
    public static <C> BasicArrayTypeInfo<C[], C> of(BasicTypeInfo<C> componentInfo) {
        if (componentInfo == null) {
            throw new NullPointerException("BasicArrayTypeInfo.of(null): pass a basic type, e.g. Types.STRING");
        }
        return new BasicArrayTypeInfo<>(componentInfo);
    }

    /** The type of {@code arrayClass} ({@code String[].class}, …) if its component type is basic, else null. */
    @SuppressWarnings("unchecked")
    public static <X, C> BasicArrayTypeInfo<X, C> getInfoFor(Class<X> arrayClass) {
        if (!arrayClass.isArray() || arrayClass.getComponentType().isPrimitive()) {
            return null;
        }
        BasicTypeInfo<?> component = BasicTypeInfo.getInfoFor(arrayClass.getComponentType());
        return component == null ? null : (BasicArrayTypeInfo<X, C>) new BasicArrayTypeInfo<>(component);
    }

    /** The type of the elements. */
    public TypeInformation<C> getComponentInfo() {
        return componentInfo;
    }

    /** The class of the elements. */
    public Class<C> getComponentTypeClass() {
        return componentInfo.getTypeClass();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<T> getTypeClass() {
        return (Class<T>) Array.newInstance(componentInfo.getTypeClass(), 0).getClass();
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return (TypeSerializer<T>) new GenericArraySerializer<>(componentInfo.getTypeClass(),
                componentInfo.createSerializer(config));
    }

    /** As Flink writes it: {@code BasicArrayTypeInfo<String>}. */
    @Override
    public String toString() {
        return "BasicArrayTypeInfo<" + componentInfo + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof BasicArrayTypeInfo<?, ?> other && other.componentInfo.equals(componentInfo);
    }

    @Override
    public int hashCode() {
        return 31 * BasicArrayTypeInfo.class.hashCode() + componentInfo.hashCode();
    }
}
