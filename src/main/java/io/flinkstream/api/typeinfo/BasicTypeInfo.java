package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.base.BigDecSerializer;
import io.flinkstream.api.typeutils.base.BigIntSerializer;
import io.flinkstream.api.typeutils.base.BooleanSerializer;
import io.flinkstream.api.typeutils.base.ByteSerializer;
import io.flinkstream.api.typeutils.base.CharSerializer;
import io.flinkstream.api.typeutils.base.DoubleSerializer;
import io.flinkstream.api.typeutils.base.FloatSerializer;
import io.flinkstream.api.typeutils.base.InstantSerializer;
import io.flinkstream.api.typeutils.base.IntSerializer;
import io.flinkstream.api.typeutils.base.LongSerializer;
import io.flinkstream.api.typeutils.base.ShortSerializer;
import io.flinkstream.api.typeutils.base.StringSerializer;
import io.flinkstream.api.typeutils.base.VoidSerializer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The basic types: the boxes of the primitives, String, BigInteger, BigDecimal, Instant and Void (Flink's names). Their serializers are stateless and their
 * values immutable, so records and state of these types are never copied.
 *
 * @param <T> the type
 */
public final class BasicTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;
    private static final Map<Class<?>, BasicTypeInfo<?>> BY_CLASS = new LinkedHashMap<>();

    public static final BasicTypeInfo<String> STRING_TYPE_INFO = add(String.class, StringSerializer.INSTANCE);
    public static final BasicTypeInfo<Boolean> BOOLEAN_TYPE_INFO = add(Boolean.class, BooleanSerializer.INSTANCE);
    public static final BasicTypeInfo<Byte> BYTE_TYPE_INFO = add(Byte.class, ByteSerializer.INSTANCE);
    public static final BasicTypeInfo<Short> SHORT_TYPE_INFO = add(Short.class, ShortSerializer.INSTANCE);
    public static final BasicTypeInfo<Integer> INT_TYPE_INFO = add(Integer.class, IntSerializer.INSTANCE);
    public static final BasicTypeInfo<Long> LONG_TYPE_INFO = add(Long.class, LongSerializer.INSTANCE);
    public static final BasicTypeInfo<Float> FLOAT_TYPE_INFO = add(Float.class, FloatSerializer.INSTANCE);
    public static final BasicTypeInfo<Double> DOUBLE_TYPE_INFO = add(Double.class, DoubleSerializer.INSTANCE);
    public static final BasicTypeInfo<Character> CHAR_TYPE_INFO = add(Character.class, CharSerializer.INSTANCE);
    public static final BasicTypeInfo<BigInteger> BIG_INT_TYPE_INFO = add(BigInteger.class, BigIntSerializer.INSTANCE);
    public static final BasicTypeInfo<BigDecimal> BIG_DEC_TYPE_INFO = add(BigDecimal.class, BigDecSerializer.INSTANCE);
    public static final BasicTypeInfo<Instant> INSTANT_TYPE_INFO = add(Instant.class, InstantSerializer.INSTANCE);
    public static final BasicTypeInfo<Void> VOID_TYPE_INFO = add(Void.class, VoidSerializer.INSTANCE);

    private final Class<T> typeClass;
    private final transient TypeSerializer<T> serializer;

    private BasicTypeInfo(Class<T> typeClass, TypeSerializer<T> serializer) {
        this.typeClass = typeClass;
        this.serializer = serializer;
    }

    private static <T> BasicTypeInfo<T> add(Class<T> typeClass, TypeSerializer<T> serializer) {
        BasicTypeInfo<T> info = new BasicTypeInfo<>(typeClass, serializer);
        BY_CLASS.put(typeClass, info);
        return info;
    }

    /** The basic type of {@code type} (a box, String, …; a primitive class means its box), or null. */
    @SuppressWarnings("unchecked")
    public static <X> BasicTypeInfo<X> getInfoFor(Class<X> type) {
        Class<?> boxed = type.isPrimitive() ? box(type) : type;
        return (BasicTypeInfo<X>) BY_CLASS.get(boxed);
    }

    private static Class<?> box(Class<?> primitive) {
        if (primitive == long.class) {
            return Long.class;
        } else if (primitive == int.class) {
            return Integer.class;
        } else if (primitive == double.class) {
            return Double.class;
        } else if (primitive == boolean.class) {
            return Boolean.class;
        } else if (primitive == float.class) {
            return Float.class;
        } else if (primitive == short.class) {
            return Short.class;
        } else if (primitive == byte.class) {
            return Byte.class;
        } else if (primitive == char.class) {
            return Character.class;
        } else if (primitive == void.class) {
            return Void.class;
        }
        return primitive;
    }

    @Override
    public boolean isBasicType() {
        return true;
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return typeClass.getSimpleName();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof BasicTypeInfo<?> other && other.typeClass == typeClass;
    }

    @Override
    public int hashCode() {
        return typeClass.hashCode();
    }

    private Object readResolve() {
        return BY_CLASS.get(typeClass);
    }
}
