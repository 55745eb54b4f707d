package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.PojoSerializer;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The type of a POJO: a public class, not a non-static inner class, with a public no-argument constructor, whose
 * non-static, non-transient fields (inherited ones included) are each public and non-final or have a public getter
 * and setter. Fields are sorted by name, as in Flink; each has its own type, found recursively. Its serializer is a
 * {@link PojoSerializer}, whose snapshots let the class gain and lose fields between versions of a job.
 *
 * <pre>{@code
 * public class Reading {            // found by TypeInformation.of(Reading.class), or Types.POJO(Reading.class)
 *     public String sensor;
 *     private double value;
 *     public Reading() {}
 *     public double getValue() { return value; }
 *     public void setValue(double value) { this.value = value; }
 * }
 * }</pre>
 *
 * @param <T> the POJO class
 */
public final class PojoTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> typeClass;
    private final List<PojoField> fields;

    /** The POJO type of {@code typeClass} with {@code fields} (sorted here by name). */
    public PojoTypeInfo(Class<T> typeClass, List<PojoField> fields) {
        if (typeClass == null) {
            throw new NullPointerException("PojoTypeInfo needs a class");
        }
        this.typeClass = typeClass;
        List<PojoField> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparing(PojoField::getName));
        this.fields = List.copyOf(sorted);
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
    }

    @Override
    public int getArity() {
        return fields.size();
    }

    @Override
    public int getTotalFields() {
        return fields.stream().mapToInt(f -> f.getTypeInformation().getTotalFields()).sum();
    }

    /** The field at {@code pos} in name order. */
    public PojoField getPojoFieldAt(int pos) {
        if (pos < 0 || pos >= fields.size()) {
            throw new IndexOutOfBoundsException("Field " + pos + " of " + this + ", which has " + fields.size());
        }
        return fields.get(pos);
    }

    /** The names of the fields, sorted. */
    public String[] getFieldNames() {
        return fields.stream().map(PojoField::getName).toArray(String[]::new);
    }

    /** The position of the field {@code fieldName}, or -1. */
    public int getFieldIndex(String fieldName) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(fieldName)) {
                return i;
            }
        }
        return -1;
    }

    /** The type of the field at {@code pos}. */
    public <X> TypeInformation<X> getTypeAt(int pos) {
        @SuppressWarnings("unchecked")
        TypeInformation<X> type = (TypeInformation<X>) getPojoFieldAt(pos).getTypeInformation();
        return type;
    }

    /** The type of the field {@code fieldName}. */
    public <X> TypeInformation<X> getTypeAt(String fieldName) {
        int pos = getFieldIndex(fieldName);
        if (pos < 0) {
            throw new IllegalArgumentException(typeClass.getName() + " has no POJO field '" + fieldName + "'; its "
                    + "fields are " + String.join(", ", getFieldNames()));
        }
        return getTypeAt(pos);
    }

    @Override
    public Map<String, TypeInformation<?>> getGenericParameters() {
        return Map.of();
    }

    /** Its fields by name, in name order. */
    public Map<String, TypeInformation<?>> getFieldTypes() {
        Map<String, TypeInformation<?>> types = new LinkedHashMap<>();
        fields.forEach(f -> types.put(f.getName(), f.getTypeInformation()));
        return types;
    }

    /**
     * A POJO may be a key when its class overrides {@code equals} and {@code hashCode} (Object's compare identity)
     * and all its fields may be keys.
     */
    @Override
    public boolean isKeyType() {
        return StructTypes.overridesEquality(typeClass)
                && fields.stream().allMatch(f -> f.getTypeInformation().isKeyType());
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        Field[] reflected = new Field[fields.size()];
        TypeSerializer<?>[] serializers = new TypeSerializer<?>[fields.size()];
        for (int i = 0; i < reflected.length; i++) {
            reflected[i] = fields.get(i).getField();
            serializers[i] = fields.get(i).getTypeInformation().createSerializer(config);
        }
        return new PojoSerializer<>(typeClass, reflected, serializers, config);
    }

    @Override
    public String toString() {
        return "PojoType<" + typeClass.getName() + ", fields = ["
                + fields.stream().map(PojoField::toString).collect(Collectors.joining(", ")) + "]>";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof PojoTypeInfo<?> other && other.typeClass == typeClass && other.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return 31 * typeClass.hashCode() + fields.hashCode();
    }
}
