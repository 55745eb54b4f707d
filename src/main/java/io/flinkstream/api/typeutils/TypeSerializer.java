package io.flinkstream.api.typeutils;

import java.io.IOException;
import java.io.Serializable;

/**
 * Serializes, deserializes and copies the values of one type: every record that crosses a JVM or is copied between
 * operators, every state value and every snapshot goes through one. Made by a
 * {@link io.flinkstream.api.typeinfo.TypeInformation}; the same shape as Flink's.
 *
 * <p>A serializer instance may keep mutable helpers (buffers, a Kryo instance), so it is used by one thread at a time:
 * {@link #duplicate()} gives another thread its own. Stateless serializers return themselves.
 *
 * <p>{@link #snapshotConfiguration()} describes what the serializer writes; checkpoints store it next to the data so
 * that a later version of the job can read the data back, or say why it cannot (see
 * {@link TypeSerializerSnapshot#resolveSchemaCompatibility(TypeSerializerSnapshot)}).
 *
 * @param <T> the type serialized
 */
public abstract class TypeSerializer<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Whether values of this type never change once made (Long, String, an enum, a record of immutable fields). Such
     * values are never copied: not between operators, not for snapshots.
     */
    public abstract boolean isImmutableType();

    /** A serializer another thread may use; this one if it holds no mutable state. */
    public abstract TypeSerializer<T> duplicate();

    /** A new instance of the type, for reuse in {@link #deserialize(Object, DataInputView)}; may be null. */
    public abstract T createInstance();

    /** A deep copy of {@code from} (the same object for immutable types). */
    public abstract T copy(T from);

    /** A deep copy of {@code from}, written into {@code reuse} where the type allows. */
    public T copy(T from, T reuse) {
        return copy(from);
    }

    /** The length of every serialized value in bytes, or -1 when it varies. */
    public int getLength() {
        return -1;
    }

    /** Writes {@code record} to {@code target}. */
    public abstract void serialize(T record, DataOutputView target) throws IOException;

    /** Reads a value that {@link #serialize} wrote. */
    public abstract T deserialize(DataInputView source) throws IOException;

    /** Reads a value, into {@code reuse} where the type allows. */
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    /** Copies one serialized value from {@code source} to {@code target}. */
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** Describes this serializer for checkpoints: what it writes, so that data can be read back later. */
    public abstract TypeSerializerSnapshot<T> snapshotConfiguration();

    @Override
    public abstract boolean equals(Object obj);

    @Override
    public abstract int hashCode();
}
