package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/** Serializes {@link Float} values: 4 bytes. Immutable, so never copied; stateless, so shared. */
public final class FloatSerializer extends TypeSerializer<Float> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final FloatSerializer INSTANCE = new FloatSerializer();

    private FloatSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public FloatSerializer duplicate() {
        return this;
    }

    @Override
    public Float createInstance() {
        return 0f;
    }

    @Override
    public Float copy(Float from) {
        return from;
    }

    @Override
    public int getLength() {
        return 4;
    }

    @Override
    public void serialize(Float record, DataOutputView target) throws IOException {
        target.writeFloat(record);
    }

    @Override
    public Float deserialize(DataInputView source) throws IOException {
        return source.readFloat();
    }

    @Override
    public TypeSerializerSnapshot<Float> snapshotConfiguration() {
        return new FloatSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FloatSerializer;
    }

    @Override
    public int hashCode() {
        return FloatSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link FloatSerializer}: it has no configuration. */
    public static final class FloatSerializerSnapshot extends SimpleTypeSerializerSnapshot<Float> {
        public FloatSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
