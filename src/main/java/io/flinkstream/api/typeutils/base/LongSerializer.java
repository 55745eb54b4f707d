package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/** Serializes {@link Long} values: 8 bytes, big-endian. Immutable, so never copied; stateless, so shared. */
public final class LongSerializer extends TypeSerializer<Long> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final LongSerializer INSTANCE = new LongSerializer();

    private LongSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public LongSerializer duplicate() {
        return this;
    }

    @Override
    public Long createInstance() {
        return 0L;
    }

    @Override
    public Long copy(Long from) {
        return from;
    }

    @Override
    public int getLength() {
        return 8;
    }

    @Override
    public void serialize(Long record, DataOutputView target) throws IOException {
        target.writeLong(record);
    }

    @Override
    public Long deserialize(DataInputView source) throws IOException {
        return source.readLong();
    }

    @Override
    public TypeSerializerSnapshot<Long> snapshotConfiguration() {
        return new LongSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof LongSerializer;
    }

    @Override
    public int hashCode() {
        return LongSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link LongSerializer}: it has no configuration. */
    public static final class LongSerializerSnapshot extends SimpleTypeSerializerSnapshot<Long> {
        public LongSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
