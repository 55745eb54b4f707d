package io.flinkstream.api.typeinfo;

import io.flinkstream.api.tuple.Tuple;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.TupleSerializer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The type of a tuple ({@code Tuple0} … {@code Tuple25}, or a subclass of one that adds no fields), with the type of
 * each field. Flink's name:
 *
 * <pre>{@code
 * TypeInformation<Tuple2<String, Long>> counts = new TupleTypeInfo<>(Types.STRING, Types.LONG);
 * // the same as Types.TUPLE(Types.STRING, Types.LONG) and TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {})
 * }</pre>
 *
 * @param <T> the tuple type
 */
public final class TupleTypeInfo<T extends Tuple> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> tupleClass;
    private final TypeInformation<?>[] types;

    /** The type of the plain tuple class of {@code types.length} fields ({@code Tuple2} for two). */
    @SuppressWarnings("unchecked")
    public TupleTypeInfo(TypeInformation<?>... types) {
        this((Class<T>) Tuple.getTupleClass(types.length), types);
    }

    /**
     * The type of {@code tupleClass} with the field types {@code types}.
     *
     * @throws IllegalArgumentException if the class is not a concrete tuple class of {@code types.length} fields
     */
    public TupleTypeInfo(Class<T> tupleClass, TypeInformation<?>... types) {
        if (tupleClass == null || !Tuple.class.isAssignableFrom(tupleClass)
                || java.lang.reflect.Modifier.isAbstract(tupleClass.getModifiers())) {
            throw new IllegalArgumentException("TupleTypeInfo needs a concrete tuple class (Tuple0 to Tuple25 or a "
                    + "subclass), got " + tupleClass);
        }
        for (int i = 0; i < types.length; i++) {
            if (types[i] == null) {
                throw new NullPointerException("The type of field f" + i + " of " + tupleClass.getSimpleName()
                        + " is null");
            }
        }
        int arity = arityOf(tupleClass);
        if (arity != types.length) {
            throw new IllegalArgumentException(tupleClass.getName() + " has " + arity + " fields but "
                    + types.length + " field types were given");
        }
        this.tupleClass = tupleClass;
        this.types = types.clone();
    }

    /** The number of fields of a tuple class: that of the {@code TupleN} it extends. */
    static int arityOf(Class<?> tupleClass) {
        Class<?> c = tupleClass;
        while (c.getSuperclass() != null && c.getSuperclass() != Tuple.class) {
            c = c.getSuperclass();
        }
        for (int n = 0; n <= Tuple.MAX_ARITY; n++) {
            if (Tuple.getTupleClass(n) == c) {
                return n;
            }
        }
        throw new IllegalArgumentException(tupleClass.getName() + " does not extend one of Tuple0 to Tuple25");
    }

    @Override
    public boolean isTupleType() {
        return true;
    }

    @Override
    public int getArity() {
        return types.length;
    }

    @Override
    public int getTotalFields() {
        int total = 0;
        for (TypeInformation<?> type : types) {
            total += type.getTotalFields();
        }
        return total;
    }

    /** The type of field {@code pos}. */
    @SuppressWarnings("unchecked")
    public <X> TypeInformation<X> getTypeAt(int pos) {
        if (pos < 0 || pos >= types.length) {
            throw new IndexOutOfBoundsException("Field f" + pos + " does not exist in " + this);
        }
        return (TypeInformation<X>) types[pos];
    }

    @Override
    public Class<T> getTypeClass() {
        return tupleClass;
    }

    /** The field types as T0, T1, …, in order. */
    @Override
    public Map<String, TypeInformation<?>> getGenericParameters() {
        Map<String, TypeInformation<?>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < types.length; i++) {
            parameters.put("T" + i, types[i]);
        }
        return parameters;
    }

    @Override
    public boolean isKeyType() {
        for (TypeInformation<?> type : types) {
            if (!type.isKeyType()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        TypeSerializer<?>[] fields = new TypeSerializer<?>[types.length];
        for (int i = 0; i < types.length; i++) {
            fields[i] = types[i].createSerializer(config);
        }
        return new TupleSerializer<>(tupleClass, fields);
    }

    /** As Flink writes it: {@code Java Tuple2<String, Long>}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Java ").append(tupleClass.getSimpleName());
        if (types.length > 0) {
            s.append('<');
            for (int i = 0; i < types.length; i++) {
                s.append(i == 0 ? "" : ", ").append(types[i]);
            }
            s.append('>');
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof TupleTypeInfo<?> other && other.tupleClass == tupleClass
                && Arrays.equals(other.types, types);
    }

    @Override
    public int hashCode() {
        return 31 * tupleClass.hashCode() + Arrays.hashCode(types);
    }
}
