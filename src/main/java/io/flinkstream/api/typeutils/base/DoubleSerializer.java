package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/** Serializes {@link Double} values: 8 bytes. Immutable, so never copied; stateless, so shared. */
public final class DoubleSerializer extends TypeSerializer<Double> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final DoubleSerializer INSTANCE = new DoubleSerializer();

    private DoubleSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public DoubleSerializer duplicate() {
        return this;
    }

    @Override
    public Double createInstance() {
        return 0.0;
    }

    @Override
    public Double copy(Double from) {
        return from;
    }

    @Override
    public int getLength() {
        return 8;
    }

    @Override
    public void serialize(Double record, DataOutputView target) throws IOException {
        target.writeDouble(record);
    }

    @Override
    public Double deserialize(DataInputView source) throws IOException {
        return source.readDouble();
    }

    @Override
    public TypeSerializerSnapshot<Double> snapshotConfiguration() {
        return new DoubleSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof DoubleSerializer;
    }

    @Override
    public int hashCode() {
        return DoubleSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link DoubleSerializer}: it has no configuration. */
    public static final class DoubleSerializerSnapshot extends SimpleTypeSerializerSnapshot<Double> {
        public DoubleSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
