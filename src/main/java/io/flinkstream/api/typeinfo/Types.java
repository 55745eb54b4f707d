package io.flinkstream.api.typeinfo;

import java.util.Map;

/**
 * Shorthands for type information, Flink's names:
 *
 * <pre>{@code
 * stream.map(w -> Tuple2.of(w, 1L)).returns(Types.TUPLE(Types.STRING, Types.LONG));
 * new ValueStateDescriptor<>("last", Types.POJO(Reading.class));
 * }</pre>
 */
public final class Types {
    private Types() {
    }

    public static final TypeInformation<String> STRING = BasicTypeInfo.STRING_TYPE_INFO;
    public static final TypeInformation<Boolean> BOOLEAN = BasicTypeInfo.BOOLEAN_TYPE_INFO;
    public static final TypeInformation<Byte> BYTE = BasicTypeInfo.BYTE_TYPE_INFO;
    public static final TypeInformation<Short> SHORT = BasicTypeInfo.SHORT_TYPE_INFO;
    public static final TypeInformation<Integer> INT = BasicTypeInfo.INT_TYPE_INFO;
    public static final TypeInformation<Long> LONG = BasicTypeInfo.LONG_TYPE_INFO;
    public static final TypeInformation<Float> FLOAT = BasicTypeInfo.FLOAT_TYPE_INFO;
    public static final TypeInformation<Double> DOUBLE = BasicTypeInfo.DOUBLE_TYPE_INFO;
    public static final TypeInformation<Character> CHAR = BasicTypeInfo.CHAR_TYPE_INFO;
    public static final TypeInformation<java.math.BigInteger> BIG_INT = BasicTypeInfo.BIG_INT_TYPE_INFO;
    public static final TypeInformation<java.math.BigDecimal> BIG_DEC = BasicTypeInfo.BIG_DEC_TYPE_INFO;
    public static final TypeInformation<java.time.Instant> INSTANT = BasicTypeInfo.INSTANT_TYPE_INFO;
    public static final TypeInformation<Void> VOID = BasicTypeInfo.VOID_TYPE_INFO;

    /**
     * The type of the plain tuple class of {@code types.length} fields with those field types:
     * {@code Types.TUPLE(Types.STRING, Types.LONG)} is {@code Tuple2<String, Long>}.
     */
    public static <T extends io.flinkstream.api.tuple.Tuple> TypeInformation<T> TUPLE(TypeInformation<?>... types) {
        return new TupleTypeInfo<>(types);
    }

    /**
     * The type of a tuple subclass, its field types read from the type arguments it gives its tuple superclass:
     * for {@code class WordCount extends Tuple2<String, Integer>}, {@code Types.TUPLE(WordCount.class)} has a String
     * and an Integer field.
     *
     * @throws IllegalArgumentException if the class is abstract, adds fields or has no no-argument constructor
     */
    @SuppressWarnings("unchecked")
    public static <T extends io.flinkstream.api.tuple.Tuple> TypeInformation<T> TUPLE(Class<T> tupleSubclass) {
        String whyNot = ContainerTypes.whyNotTuple(tupleSubclass);
        if (whyNot != null) {
            throw new IllegalArgumentException("Types.TUPLE(" + tupleSubclass.getSimpleName() + ".class): " + whyNot);
        }
        return (TypeInformation<T>) ContainerTypes.forTuple(tupleSubclass, tupleSubclass);
    }

    /** The type of lists of {@code elementType}; values come back as ArrayLists. */
    public static <E> TypeInformation<java.util.List<E>> LIST(TypeInformation<E> elementType) {
        return new ListTypeInfo<>(elementType);
    }

    /** The type of maps from {@code keyType} to {@code valueType}; values come back as HashMaps. */
    public static <K, V> TypeInformation<java.util.Map<K, V>> MAP(TypeInformation<K> keyType,
                                                                TypeInformation<V> valueType) {
        return new MapTypeInfo<>(keyType, valueType);
    }

    /** The type of the enum {@code enumType}. */
    public static <E extends Enum<E>> TypeInformation<E> ENUM(Class<E> enumType) {
        return new EnumTypeInfo<>(enumType);
    }

    /**
     * The type of arrays of a primitive type, named by its box: {@code Types.PRIMITIVE_ARRAY(Types.LONG)} is
     * {@code long[]}.
     *
     * @throws IllegalArgumentException if {@code elementType} is not the box of a primitive type
     */
    public static TypeInformation<?> PRIMITIVE_ARRAY(TypeInformation<?> elementType) {
        TypeInformation<?> array = PrimitiveArrayTypeInfo.forComponent(elementType);
        if (array == null) {
            throw new IllegalArgumentException("Types.PRIMITIVE_ARRAY takes the type of a primitive (Types.LONG, "
                    + "Types.INT, Types.BYTE, …), not " + elementType + ": use Types.OBJECT_ARRAY for arrays of "
                    + "objects");
        }
        return array;
    }

    /**
     * The type of arrays of objects of {@code elementType}: {@code Types.OBJECT_ARRAY(Types.STRING)} is
     * {@code String[]}, the same type as {@code TypeInformation.of(String[].class)}.
     */
    @SuppressWarnings("unchecked")
    public static <E> TypeInformation<E[]> OBJECT_ARRAY(TypeInformation<E> elementType) {
        if (elementType instanceof BasicTypeInfo<E> basic) {
            return (TypeInformation<E[]>) (TypeInformation<?>) BasicArrayTypeInfo.of(basic);
        }
        return ObjectArrayTypeInfo.getInfoFor(elementType);
    }

    /** A type for the generic serializer (Kryo). */
    public static <T> TypeInformation<T> GENERIC(Class<T> genericClass) {
        return new GenericTypeInfo<>(genericClass);
    }

    /**
     * The POJO type of {@code pojoClass}, its fields' types found from their declarations.
     *
     * @throws IllegalArgumentException naming the POJO rule the class breaks, e.g. "it has no public no-argument
     *                                  constructor"
     */
    public static <T> TypeInformation<T> POJO(Class<T> pojoClass) {
        return StructTypes.pojo(pojoClass);
    }

    /**
     * The POJO type of {@code pojoClass} with exactly the fields named in {@code fields}, of the types given (Flink's
     * use: where a field's declared type hides what it holds). Fields not named are not serialized.
     *
     * @throws IllegalArgumentException if the class breaks a POJO class rule or has no field of a given name
     */
    public static <T> TypeInformation<T> POJO(Class<T> pojoClass, Map<String, TypeInformation<?>> fields) {
        return StructTypes.pojo(pojoClass, fields);
    }
}
