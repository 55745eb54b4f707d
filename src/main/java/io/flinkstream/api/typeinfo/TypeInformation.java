package io.flinkstream.api.typeinfo;

import io.flinkstream.api.ExecutionConfig;
import io.flinkstream.api.typeutils.TypeSerializer;

import java.io.Serializable;
import java.util.Map;

/**
 * The type of the records of a stream or the values of a state, as FlinkStream knows it: what class it is, whether it
 * is a tuple, a POJO, a record, a collection or a type only the generic serializer handles, and the
 * {@link TypeSerializer} that copies and serializes it. Flink's class of the same name, with the same use:
 *
 * <pre>{@code
 * TypeInformation<Long> longs = TypeInformation.of(Long.class);
 * TypeInformation<Tuple2<String, Long>> pairs = TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {});
 * new ValueStateDescriptor<>("average", pairs);
 * stream.map(...).returns(pairs);
 * }</pre>
 *
 * <p>Types are found from classes by Flink's rules (see {@code docs/types.md}); where nothing specific applies, the
 * type is a {@link GenericTypeInfo} and the generic serializer (Kryo) takes over, so no type is ever refused for lack
 * of information.
 *
 * @param <T> the type described
 */
public abstract class TypeInformation<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Whether this is a primitive, its box, String, BigInteger, BigDecimal or another basic type. */
    public boolean isBasicType() {
        return false;
    }

    /** Whether this is a Flink tuple type ({@code Tuple0} … {@code Tuple25}). */
    public boolean isTupleType() {
        return false;
    }

    /** The number of fields of a composite type, 1 for anything else. */
    public int getArity() {
        return 1;
    }

    /** The number of fields, nested composite fields counted by their own fields. */
    public int getTotalFields() {
        return 1;
    }

    /** The class of the type. */
    public abstract Class<T> getTypeClass();

    /** The type's generic parameters by name (e.g. T0, T1 for tuples), empty by default. */
    public Map<String, TypeInformation<?>> getGenericParameters() {
        return Map.of();
    }

    /** Whether values of this type may be keys: their equals and hashCode are by value. */
    public boolean isKeyType() {
        return true;
    }

    /** Whether values of this type have an order usable for sorting. */
    public boolean isSortKeyType() {
        return isKeyType();
    }

    /** Creates the serializer of this type. */
    public abstract TypeSerializer<T> createSerializer(SerializerConfig config);

    /** Creates the serializer of this type with the settings of {@code config}. */
    public TypeSerializer<T> createSerializer(ExecutionConfig config) {
        return createSerializer(config.getSerializerConfig());
    }

    @Override
    public abstract String toString();

    @Override
    public abstract boolean equals(Object obj);

    @Override
    public abstract int hashCode();

    /** Whether {@code obj} may be equal to this type ({@code equals} helper, as in Flink). */
    public boolean canEqual(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    /**
     * The type of {@code typeClass} by Flink's rules: basic types, arrays, enums, tuples (with generic fields, since
     * a class names no type arguments: use {@link #of(TypeHint)} for them), records, POJOs, else generic.
     */
    public static <T> TypeInformation<T> of(Class<T> typeClass) {
        if (typeClass == null) {
            throw new NullPointerException("TypeInformation.of(null): pass a class, e.g. TypeInformation.of(Long.class)");
        }
        return TypeExtractor.createTypeInfo(typeClass);
    }

    /**
     * The type a {@link TypeHint} captures, with its type arguments:
     * {@code TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {})}.
     */
    public static <T> TypeInformation<T> of(TypeHint<T> typeHint) {
        if (typeHint == null) {
            throw new NullPointerException("TypeInformation.of((TypeHint) null): pass a TypeHint, e.g. "
                    + "new TypeHint<Tuple2<String, Long>>() {}");
        }
        return typeHint.getTypeInfo();
    }
}
