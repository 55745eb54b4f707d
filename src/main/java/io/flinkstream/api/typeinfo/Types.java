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
