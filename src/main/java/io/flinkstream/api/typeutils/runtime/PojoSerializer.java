package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Serializes POJOs field by field, Flink's way: the fields sorted by name, each with a null marker and its own
 * serializer. A value whose class is a subclass of the POJO class is written whole by the generic serializer (Kryo),
 * so it comes back as itself. Fields are read and written through method handles, private ones included.
 *
 * <p>Layout: one byte (0 null, 1 the POJO class, 2 a subclass); for the POJO class, per field a byte (0 null,
 * 1 present) and the value; for a subclass, the Kryo bytes.
 *
 * <p>A serializer {@linkplain PojoSerializerSnapshot#restoreSerializer() restored} from an older snapshot reads the
 * old fields into the current class: a field the class no longer has is read and dropped, a field the old data lacks
 * keeps what the no-argument constructor gave it. Holds a Kryo instance: {@link #duplicate()} for another thread.
 *
 * @param <T> the POJO class
 */
public final class PojoSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;
    private static final byte NULL = 0;
    private static final byte EXACT = 1;
    private static final byte SUBCLASS = 2;

    private final Class<T> clazz;
    private final String[] fieldNames;
    private final String[] fieldTypeNames;
    private final TypeSerializer<Object>[] fieldSerializers;
    private final KryoSerializer<T> subclassSerializer;
    private transient MethodHandle constructor;
    private transient MethodHandle[] getters;
    private transient MethodHandle[] setters;
    private transient boolean[] primitive;

    /**
     * A serializer of {@code clazz} writing {@code fields} with {@code fieldSerializers} (same order; sorted by field
     * name here), and subclasses with a Kryo serializer made from {@code config}.
     */
    public PojoSerializer(Class<T> clazz, Field[] fields, TypeSerializer<?>[] fieldSerializers,
                          SerializerConfig config) {
        this(clazz, sortedNames(fields), typeNames(fields, fieldSerializers),
                sortedByName(fields, fieldSerializers), new KryoSerializer<>(clazz, config));
    }

    @SuppressWarnings("unchecked")
    PojoSerializer(Class<T> clazz, String[] fieldNames, String[] fieldTypeNames, TypeSerializer<?>[] fieldSerializers,
                   KryoSerializer<T> subclassSerializer) {
        if (fieldNames.length != fieldSerializers.length) {
            throw new IllegalArgumentException(fieldNames.length + " fields but " + fieldSerializers.length
                    + " serializers for " + clazz.getName());
        }
        this.clazz = clazz;
        this.fieldNames = fieldNames;
        this.fieldTypeNames = fieldTypeNames;
        this.fieldSerializers = (TypeSerializer<Object>[]) fieldSerializers;
        this.subclassSerializer = subclassSerializer;
        bindHandles();
    }

    private void bindHandles() {
        constructor = FieldAccess.noArgConstructor(clazz);
        if (constructor == null) {
            throw new IllegalStateException(clazz.getName() + " has no no-argument constructor, so it cannot be "
                    + "serialized as a POJO: add a public no-argument constructor");
        }
        getters = new MethodHandle[fieldNames.length];
        setters = new MethodHandle[fieldNames.length];
        primitive = new boolean[fieldNames.length];
        for (int i = 0; i < fieldNames.length; i++) {
            Field field = FieldAccess.findField(clazz, fieldNames[i]);
            if (field != null) { // else the field is gone from the class: its old values are read and dropped
                getters[i] = FieldAccess.getter(field);
                setters[i] = FieldAccess.setter(field);
                primitive[i] = field.getType().isPrimitive();
            }
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        bindHandles();
    }

    /** The POJO class. */
    public Class<T> getPojoClass() {
        return clazz;
    }

    /** The names of the fields in the order they are written (by name). */
    public List<String> getFieldNames() {
        return List.of(fieldNames);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PojoSerializer<T> duplicate() {
        TypeSerializer<?>[] duplicates = new TypeSerializer<?>[fieldSerializers.length];
        for (int i = 0; i < duplicates.length; i++) {
            duplicates[i] = fieldSerializers[i].duplicate();
        }
        return new PojoSerializer<>(clazz, fieldNames, fieldTypeNames, duplicates, subclassSerializer.duplicate());
    }

    @Override
    @SuppressWarnings("unchecked")
    public T createInstance() {
        try {
            return (T) constructor.invokeExact();
        } catch (Throwable t) {
            throw FieldAccess.rethrow(t, "The no-argument constructor of " + clazz.getName() + " failed");
        }
    }

    @Override
    public T copy(T from) {
        if (from == null) {
            return null;
        }
        if (from.getClass() != clazz) {
            return subclassSerializer.copy(from);
        }
        T copy = createInstance();
        for (int i = 0; i < fieldNames.length; i++) {
            if (getters[i] != null) {
                Object value = get(i, from);
                set(i, copy, value == null ? null : fieldSerializers[i].copy(value));
            }
        }
        return copy;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        if (record == null) {
            target.writeByte(NULL);
            return;
        }
        if (record.getClass() != clazz) {
            target.writeByte(SUBCLASS);
            subclassSerializer.serialize(record, target);
            return;
        }
        target.writeByte(EXACT);
        for (int i = 0; i < fieldNames.length; i++) {
            Object value = getters[i] == null ? null : get(i, record);
            if (value == null) {
                target.writeByte(0);
            } else {
                target.writeByte(1);
                fieldSerializers[i].serialize(value, target);
            }
        }
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        if (tag == NULL) {
            return null;
        }
        if (tag == SUBCLASS) {
            return subclassSerializer.deserialize(source);
        }
        if (tag != EXACT) {
            throw new IOException("Corrupt data: unknown tag " + tag + " of the POJO serializer of " + clazz.getName());
        }
        T instance = createInstance();
        for (int i = 0; i < fieldNames.length; i++) {
            boolean present = source.readByte() != 0;
            Object value = present ? fieldSerializers[i].deserialize(source) : null;
            if (setters[i] != null && (present || !primitive[i])) {
                setRead(i, instance, value);
            }
        }
        return instance;
    }

    private Object get(int i, T from) {
        try {
            return (Object) getters[i].invokeExact((Object) from);
        } catch (Throwable t) {
            throw FieldAccess.rethrow(t, "Reading field '" + fieldNames[i] + "' of " + clazz.getName() + " failed");
        }
    }

    private void set(int i, T target, Object value) {
        try {
            setters[i].invokeExact((Object) target, value);
        } catch (Throwable t) {
            throw FieldAccess.rethrow(t, "Writing field '" + fieldNames[i] + "' of " + clazz.getName() + " failed");
        }
    }

    private void setRead(int i, T target, Object value) throws IOException {
        try {
            set(i, target, value);
        } catch (ClassCastException e) {
            throw new IOException("Field '" + fieldNames[i] + "' of " + clazz.getName() + " cannot take the stored "
                    + value.getClass().getName() + " value (it was " + fieldTypeNames[i] + " when written): the "
                    + "field's type changed incompatibly", e);
        }
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        List<NamedFieldSnapshots.NamedField> fields = new ArrayList<>(fieldNames.length);
        for (int i = 0; i < fieldNames.length; i++) {
            fields.add(new NamedFieldSnapshots.NamedField(fieldNames[i], fieldTypeNames[i],
                    fieldSerializers[i].snapshotConfiguration()));
        }
        return new PojoSerializerSnapshot<>(clazz, fields, subclassSerializer.snapshotConfiguration());
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof PojoSerializer<?> other && other.clazz == clazz
                && Arrays.equals(other.fieldNames, fieldNames)
                && Arrays.equals(other.fieldSerializers, fieldSerializers)
                && other.subclassSerializer.equals(subclassSerializer);
    }

    @Override
    public int hashCode() {
        return 31 * clazz.hashCode() + Arrays.hashCode(fieldNames);
    }

    @Override
    public String toString() {
        return "PojoSerializer(" + clazz.getName() + ", " + String.join(", ", fieldNames) + ")";
    }

    private static Integer[] order(Field[] fields) {
        Integer[] order = new Integer[fields.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> fields[i].getName()));
        return order;
    }

    private static String[] sortedNames(Field[] fields) {
        return Arrays.stream(order(fields)).map(i -> fields[i].getName()).toArray(String[]::new);
    }

    private static String[] typeNames(Field[] fields, TypeSerializer<?>[] serializers) {
        return Arrays.stream(order(fields))
                .map(i -> NamedFieldSnapshots.typeName(fields[i].getGenericType(), serializers[i]))
                .toArray(String[]::new);
    }

    private static TypeSerializer<?>[] sortedByName(Field[] fields, TypeSerializer<?>[] serializers) {
        if (fields.length != serializers.length) {
            throw new IllegalArgumentException(fields.length + " fields but " + serializers.length + " serializers");
        }
        return Arrays.stream(order(fields)).map(i -> serializers[i]).toArray(TypeSerializer<?>[]::new);
    }
}
