package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes lists: the size as a variable-length integer, then each element as a marker byte (0 for null, 1 for a
 * value) followed by the value in the element serializer's format; the size is written plus one, and a list of
 * another class than ArrayList (a LinkedList, an immutable list) is written whole by Kryo after a 0, so it comes
 * back as itself. Copies are
 * deep, except that a list of immutable elements is copied by {@code new ArrayList<>(from)}.
 *
 * @param <T> the element type
 */
public final class ListSerializer<T> extends TypeSerializer<List<T>> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<T> elementSerializer;
    /** Writes lists of any class but ArrayList whole, so a LinkedList or an immutable list comes back as itself. */
    private transient KryoSerializer<Object> otherLists;

    /** @param elementSerializer the serializer of the elements */
    public ListSerializer(TypeSerializer<T> elementSerializer) {
        if (elementSerializer == null) {
            throw new NullPointerException("ListSerializer needs an element serializer");
        }
        this.elementSerializer = elementSerializer;
    }

    /** The serializer of the elements. */
    public TypeSerializer<T> getElementSerializer() {
        return elementSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<List<T>> duplicate() {
        // Always a new one: the Kryo serializer for lists of other classes is not thread-safe.
        return new ListSerializer<>(elementSerializer.duplicate());
    }

    @Override
    public List<T> createInstance() {
        return new ArrayList<>();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<T> copy(List<T> from) {
        if (from == null) {
            return null;
        }
        if (from.getClass() != ArrayList.class) {
            return (List<T>) otherLists().copy(from);
        }
        if (elementSerializer.isImmutableType()) {
            return new ArrayList<>(from);
        }
        List<T> copy = new ArrayList<>(from.size());
        for (T element : from) {
            copy.add(element == null ? null : elementSerializer.copy(element));
        }
        return copy;
    }

    @Override
    public void serialize(List<T> record, DataOutputView target) throws IOException {
        if (record.getClass() != ArrayList.class) {
            target.writeVarInt(0);
            otherLists().serialize(record, target);
            return;
        }
        target.writeVarInt(record.size() + 1);
        for (T element : record) {
            if (element == null) {
                target.writeByte(0);
            } else {
                target.writeByte(1);
                elementSerializer.serialize(element, target);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<T> deserialize(DataInputView source) throws IOException {
        int sizePlusOne = source.readLength("a list's size");
        if (sizePlusOne == 0) {
            return (List<T>) otherLists().deserialize(source);
        }
        int size = sizePlusOne - 1;
        // The size comes from the data: do not let a corrupt one allocate gigabytes before the read fails.
        List<T> list = new ArrayList<>(Math.min(size, 1024));
        for (int i = 0; i < size; i++) {
            list.add(readElement(elementSerializer, source));
        }
        return list;
    }

    private KryoSerializer<Object> otherLists() {
        if (otherLists == null) {
            otherLists = new KryoSerializer<>(Object.class, new io.flinkstream.api.typeinfo.SerializerConfig());
        }
        return otherLists;
    }

    /** Reads a marker byte and, after a 1, a value with {@code serializer}; null after a 0. */
    static <E> E readElement(TypeSerializer<E> serializer, DataInputView source) throws IOException {
        byte marker = source.readByte();
        if (marker == 0) {
            return null;
        }
        if (marker != 1) {
            throw new IOException("Corrupt data: a null marker of " + marker + " where 0 or 1 was expected");
        }
        return serializer.deserialize(source);
    }

    @Override
    public TypeSerializerSnapshot<List<T>> snapshotConfiguration() {
        return new ListSerializerSnapshot<>(this);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ListSerializer<?> other && other.elementSerializer.equals(elementSerializer);
    }

    @Override
    public int hashCode() {
        return 31 * ListSerializer.class.hashCode() + elementSerializer.hashCode();
    }

    @Override
    public String toString() {
        return "ListSerializer(" + elementSerializer + ")";
    }

    /** The snapshot of {@link ListSerializer}: the element serializer's snapshot. */
    public static final class ListSerializerSnapshot<T> extends CompositeSerializerSnapshot<List<T>> {
        /** For reading. */
        public ListSerializerSnapshot() {
        }

        ListSerializerSnapshot(ListSerializer<T> serializer) {
            super(serializer.elementSerializer);
        }

        @Override
        public Class<?> typeClass() {
            return ArrayList.class;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected TypeSerializer<List<T>> createOuterSerializer(TypeSerializer<?>[] nested) {
            return new ListSerializer<>((TypeSerializer<T>) nested[0]);
        }

        @Override
        protected String nestedName(int index) {
            return "list element";
        }
    }
}
