package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.time.Instant;

/**
 * Serializes {@link Instant}s: the seconds since the epoch as 8 bytes, then the nanoseconds as 4. Immutable and
 * stateless.
 */
public final class InstantSerializer extends TypeSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final InstantSerializer INSTANCE = new InstantSerializer();

    private InstantSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public InstantSerializer duplicate() {
        return this;
    }

    @Override
    public Instant createInstance() {
        return Instant.EPOCH;
    }

    @Override
    public Instant copy(Instant from) {
        return from;
    }

    @Override
    public int getLength() {
        return 12;
    }

    @Override
    public void serialize(Instant record, DataOutputView target) throws IOException {
        target.writeLong(record.getEpochSecond());
        target.writeInt(record.getNano());
    }

    @Override
    public Instant deserialize(DataInputView source) throws IOException {
        long seconds = source.readLong();
        int nanos = source.readInt();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (java.time.DateTimeException e) {
            throw new IOException("Corrupt data: an Instant of " + seconds + " s and " + nanos + " ns", e);
        }
    }

    @Override
    public TypeSerializerSnapshot<Instant> snapshotConfiguration() {
        return new InstantSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof InstantSerializer;
    }

    @Override
    public int hashCode() {
        return InstantSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link InstantSerializer}: it has no configuration. */
    public static final class InstantSerializerSnapshot extends SimpleTypeSerializerSnapshot<Instant> {
        public InstantSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
