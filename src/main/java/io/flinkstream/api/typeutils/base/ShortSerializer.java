package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/** Serializes {@link Short} values: 2 bytes. Immutable, so never copied; stateless, so shared. */
public final class ShortSerializer extends TypeSerializer<Short> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final ShortSerializer INSTANCE = new ShortSerializer();

    private ShortSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public ShortSerializer duplicate() {
        return this;
    }

    @Override
    public Short createInstance() {
        return (short) 0;
    }

    @Override
    public Short copy(Short from) {
        return from;
    }

    @Override
    public int getLength() {
        return 2;
    }

    @Override
    public void serialize(Short record, DataOutputView target) throws IOException {
        target.writeShort(record);
    }

    @Override
    public Short deserialize(DataInputView source) throws IOException {
        return source.readShort();
    }

    @Override
    public TypeSerializerSnapshot<Short> snapshotConfiguration() {
        return new ShortSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ShortSerializer;
    }

    @Override
    public int hashCode() {
        return ShortSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link ShortSerializer}: it has no configuration. */
    public static final class ShortSerializerSnapshot extends SimpleTypeSerializerSnapshot<Short> {
        public ShortSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
