package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/** Serializes {@link Integer} values: 4 bytes, big-endian. Immutable, so never copied; stateless, so shared. */
public final class IntSerializer extends TypeSerializer<Integer> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final IntSerializer INSTANCE = new IntSerializer();

    private IntSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public IntSerializer duplicate() {
        return this;
    }

    @Override
    public Integer createInstance() {
        return 0;
    }

    @Override
    public Integer copy(Integer from) {
        return from;
    }

    @Override
    public int getLength() {
        return 4;
    }

    @Override
    public void serialize(Integer record, DataOutputView target) throws IOException {
        target.writeInt(record);
    }

    @Override
    public Integer deserialize(DataInputView source) throws IOException {
        return source.readInt();
    }

    @Override
    public TypeSerializerSnapshot<Integer> snapshotConfiguration() {
        return new IntSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof IntSerializer;
    }

    @Override
    public int hashCode() {
        return IntSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link IntSerializer}: it has no configuration. */
    public static final class IntSerializerSnapshot extends SimpleTypeSerializerSnapshot<Integer> {
        public IntSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
