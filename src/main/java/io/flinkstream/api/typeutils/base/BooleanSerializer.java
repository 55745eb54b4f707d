package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/** Serializes {@link Boolean} values: 1 byte. Immutable, so never copied; stateless, so shared. */
public final class BooleanSerializer extends TypeSerializer<Boolean> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final BooleanSerializer INSTANCE = new BooleanSerializer();

    private BooleanSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public BooleanSerializer duplicate() {
        return this;
    }

    @Override
    public Boolean createInstance() {
        return Boolean.FALSE;
    }

    @Override
    public Boolean copy(Boolean from) {
        return from;
    }

    @Override
    public int getLength() {
        return 1;
    }

    @Override
    public void serialize(Boolean record, DataOutputView target) throws IOException {
        target.writeBoolean(record);
    }

    @Override
    public Boolean deserialize(DataInputView source) throws IOException {
        return source.readBoolean();
    }

    @Override
    public TypeSerializerSnapshot<Boolean> snapshotConfiguration() {
        return new BooleanSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof BooleanSerializer;
    }

    @Override
    public int hashCode() {
        return BooleanSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link BooleanSerializer}: it has no configuration. */
    public static final class BooleanSerializerSnapshot extends SimpleTypeSerializerSnapshot<Boolean> {
        public BooleanSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
