package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/**
 * Serializes {@link Void}: its only value is null, written as one byte so that a read past the end still fails.
 * Stateless.
 */
public final class VoidSerializer extends TypeSerializer<Void> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final VoidSerializer INSTANCE = new VoidSerializer();

    private VoidSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public VoidSerializer duplicate() {
        return this;
    }

    @Override
    public Void createInstance() {
        return null;
    }

    @Override
    public Void copy(Void from) {
        return from;
    }

    @Override
    public int getLength() {
        return 1;
    }

    @Override
    public void serialize(Void record, DataOutputView target) throws IOException {
        target.writeByte(0);
    }

    @Override
    public Void deserialize(DataInputView source) throws IOException {
        source.readByte();
        return null;
    }

    @Override
    public TypeSerializerSnapshot<Void> snapshotConfiguration() {
        return new VoidSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof VoidSerializer;
    }

    @Override
    public int hashCode() {
        return VoidSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link VoidSerializer}: it has no configuration. */
    public static final class VoidSerializerSnapshot extends SimpleTypeSerializerSnapshot<Void> {
        public VoidSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
