package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.tuple.Tuple;
import io.flinkstream.api.tuple.Tuple0;
import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.Arrays;

/**
 * Serializes tuples ({@link Tuple0} to {@code Tuple25}, and subclasses of them that add no fields): a bitmask of the
 * null fields, one bit a field, then each non-null field with its own serializer. Flink rejects null fields; FlinkStream
 * keeps them. Values come back as the exact tuple class, made with its no-argument constructor.
 *
 * <p>Holds its field serializers; {@link #duplicate()} duplicates those that are not stateless.
 *
 * @param <T> the tuple type
 */
public final class TupleSerializer<T extends Tuple> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> tupleClass;
    private final TypeSerializer<Object>[] fieldSerializers;
    private transient Constructor<T> constructor;
    /** 1 when the class is a plain TupleN and every field is of an immutable type, 0 when not, -1 unknown yet. */
    private transient int shallowIsDeep = -1;

    /**
     * @param tupleClass the tuple class, with a no-argument constructor
     * @param fieldSerializers one serializer a field, as many as the class's arity
     * @throws IllegalArgumentException if the class has no no-argument constructor or another arity
     */
    @SuppressWarnings("unchecked")
    public TupleSerializer(Class<T> tupleClass, TypeSerializer<?>[] fieldSerializers) {
        this.tupleClass = tupleClass;
        this.fieldSerializers = (TypeSerializer<Object>[]) fieldSerializers.clone();
        T probe = instantiate();
        if (probe.getArity() != fieldSerializers.length) {
            throw new IllegalArgumentException(tupleClass.getName() + " has " + probe.getArity() + " fields but "
                    + fieldSerializers.length + " field serializers were given");
        }
    }

    /** The tuple class. */
    public Class<T> getTupleClass() {
        return tupleClass;
    }

    /** The number of fields. */
    public int getArity() {
        return fieldSerializers.length;
    }

    /** The field serializers, in field order. */
    public TypeSerializer<?>[] getFieldSerializers() {
        return fieldSerializers.clone();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        TypeSerializer<?>[] duplicates = new TypeSerializer<?>[fieldSerializers.length];
        boolean same = true;
        for (int i = 0; i < duplicates.length; i++) {
            duplicates[i] = fieldSerializers[i].duplicate();
            same &= duplicates[i] == fieldSerializers[i];
        }
        return same ? this : new TupleSerializer<>(tupleClass, duplicates);
    }

    @Override
    public T createInstance() {
        T tuple = instantiate();
        for (int i = 0; i < fieldSerializers.length; i++) {
            tuple.setField(fieldSerializers[i].createInstance(), i);
        }
        return tuple;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T copy(T from) {
        if (from == null) {
            return null;
        }
        if (shallowCopyIsDeep()) {
            // A plain TupleN of immutable fields (Tuple2<Long, String>): its own field-by-field copy is complete.
            return (T) from.copy();
        }
        T target = instantiate();
        for (int i = 0; i < fieldSerializers.length; i++) {
            Object field = from.getField(i);
            target.setField(field == null ? null : fieldSerializers[i].copy(field), i);
        }
        return target;
    }

    @Override
    public T copy(T from, T reuse) {
        if (from == null || reuse == null || reuse.getClass() != tupleClass) {
            return copy(from);
        }
        for (int i = 0; i < fieldSerializers.length; i++) {
            Object field = from.getField(i);
            Object old = reuse.getField(i);
            reuse.setField(field == null ? null
                    : old == null ? fieldSerializers[i].copy(field) : fieldSerializers[i].copy(field, old), i);
        }
        return reuse;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        int arity = fieldSerializers.length;
        for (int start = 0; start < arity; start += 8) {
            int mask = 0;
            for (int bit = 0; bit < 8 && start + bit < arity; bit++) {
                if (record.getField(start + bit) == null) {
                    mask |= 1 << bit;
                }
            }
            target.writeByte(mask);
        }
        for (int i = 0; i < arity; i++) {
            Object field = record.getField(i);
            if (field != null) {
                fieldSerializers[i].serialize(field, target);
            }
        }
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return readInto(instantiate(), source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return readInto(reuse != null && reuse.getClass() == tupleClass ? reuse : instantiate(), source);
    }

    private T readInto(T tuple, DataInputView source) throws IOException {
        int arity = fieldSerializers.length;
        // The masks come first, one byte per 8 fields; at most 4 for 25 fields, read without an array.
        int masks = 0;
        for (int start = 0; start < arity; start += 8) {
            masks |= source.readUnsignedByte() << start;
        }
        for (int i = 0; i < arity; i++) {
            boolean isNull = (masks & (1 << i)) != 0;
            tuple.setField(isNull ? null : fieldSerializers[i].deserialize(source), i);
        }
        return tuple;
    }

    private boolean shallowCopyIsDeep() {
        if (shallowIsDeep < 0) {
            boolean immutableFields = true;
            for (TypeSerializer<Object> field : fieldSerializers) {
                immutableFields &= field.isImmutableType();
            }
            shallowIsDeep = immutableFields && tupleClass == Tuple.getTupleClass(fieldSerializers.length) ? 1 : 0;
        }
        return shallowIsDeep == 1;
    }

    @SuppressWarnings("unchecked")
    private T instantiate() {
        if (tupleClass == Tuple.getTupleClass(fieldSerializers.length)) {
            // The plain TupleN: a constructor call, far cheaper than reflection on the per-record path.
            return (T) Tuple.newInstance(fieldSerializers.length);
        }
        try {
            if (constructor == null) {
                Constructor<T> c = tupleClass.getDeclaredConstructor();
                c.setAccessible(true);
                constructor = c;
            }
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("The tuple class " + tupleClass.getName() + " needs a no-argument "
                    + "constructor to be serialized as a tuple: add one (it may be private)", e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Could not create a " + tupleClass.getName() + " with its no-argument "
                    + "constructor: " + e, e);
        }
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new TupleSerializerSnapshot<>(this);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof TupleSerializer<?> other && other.tupleClass == tupleClass
                && Arrays.equals(other.fieldSerializers, fieldSerializers);
    }

    @Override
    public int hashCode() {
        return 31 * tupleClass.hashCode() + Arrays.hashCode(fieldSerializers);
    }

    @Override
    public String toString() {
        return "TupleSerializer(" + tupleClass.getSimpleName() + ", " + Arrays.toString(fieldSerializers) + ")";
    }

    /**
     * The snapshot of {@link TupleSerializer}: the tuple class and each field's serializer snapshot. A new serializer
     * reads the old data when the class and arity are the same; it is as compatible as its least compatible field.
     */
    public static final class TupleSerializerSnapshot<T extends Tuple> extends CompositeSerializerSnapshot<T> {
        private Class<T> tupleClass;

        /** For reading. */
        public TupleSerializerSnapshot() {
        }

        TupleSerializerSnapshot(TupleSerializer<T> serializer) {
            super(serializer.fieldSerializers);
            this.tupleClass = serializer.tupleClass;
        }

        @Override
        public Class<?> typeClass() {
            return tupleClass;
        }

        @Override
        protected void writeOuterSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(tupleClass.getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void readOuterSnapshot(DataInputView in, ClassLoader classLoader) throws IOException {
            Class<?> loaded = SerializerSnapshots.loadClass(in.readUTF(), classLoader);
            if (!Tuple.class.isAssignableFrom(loaded)) {
                throw new IOException("Corrupt snapshot: " + loaded.getName() + " is not a tuple class");
            }
            tupleClass = (Class<T>) loaded;
        }

        @Override
        protected String outerIncompatibility(CompositeSerializerSnapshot<T> old) {
            Class<?> before = ((TupleSerializerSnapshot<?>) old).tupleClass;
            return before == tupleClass ? null : "the tuple class changed from " + before.getName() + " to "
                    + tupleClass.getName();
        }

        @Override
        protected TypeSerializer<T> createOuterSerializer(TypeSerializer<?>[] nested) {
            return new TupleSerializer<>(tupleClass, nested);
        }

        @Override
        protected String nestedName(int index) {
            return "field f" + index;
        }
    }
}
