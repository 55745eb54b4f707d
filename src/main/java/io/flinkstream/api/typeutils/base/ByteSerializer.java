package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/** Serializes {@link Byte} values: 1 byte. Immutable, so never copied; stateless, so shared. */
public final class ByteSerializer extends TypeSerializer<Byte> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final ByteSerializer INSTANCE = new ByteSerializer();

    private ByteSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public ByteSerializer duplicate() {
        return this;
    }

    @Override
    public Byte createInstance() {
        return (byte) 0;
    }

    @Override
    public Byte copy(Byte from) {
        return from;
    }

    @Override
    public int getLength() {
        return 1;
    }

    @Override
    public void serialize(Byte record, DataOutputView target) throws IOException {
        target.writeByte(record);
    }

    @Override
    public Byte deserialize(DataInputView source) throws IOException {
        return source.readByte();
    }

    @Override
    public TypeSerializerSnapshot<Byte> snapshotConfiguration() {
        return new ByteSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ByteSerializer;
    }

    @Override
    public int hashCode() {
        return ByteSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link ByteSerializer}: it has no configuration. */
    public static final class ByteSerializerSnapshot extends SimpleTypeSerializerSnapshot<Byte> {
        public ByteSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
