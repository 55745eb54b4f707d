package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Serializes {@link BigDecimal}s, null included: the unscaled value as {@link BigIntSerializer} writes it, then the
 * scale as 4 bytes. Immutable and stateless.
 */
public final class BigDecSerializer extends TypeSerializer<BigDecimal> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final BigDecSerializer INSTANCE = new BigDecSerializer();

    private BigDecSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public BigDecSerializer duplicate() {
        return this;
    }

    @Override
    public BigDecimal createInstance() {
        return BigDecimal.ZERO;
    }

    @Override
    public BigDecimal copy(BigDecimal from) {
        return from;
    }

    @Override
    public void serialize(BigDecimal record, DataOutputView target) throws IOException {
        if (record == null) {
            BigIntSerializer.writeBigInteger(null, target);
            return;
        }
        BigIntSerializer.writeBigInteger(record.unscaledValue(), target);
        target.writeInt(record.scale());
    }

    @Override
    public BigDecimal deserialize(DataInputView source) throws IOException {
        BigInteger unscaled = BigIntSerializer.readBigInteger(source);
        if (unscaled == null) {
            return null;
        }
        return new BigDecimal(unscaled, source.readInt());
    }

    @Override
    public TypeSerializerSnapshot<BigDecimal> snapshotConfiguration() {
        return new BigDecSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof BigDecSerializer;
    }

    @Override
    public int hashCode() {
        return BigDecSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link BigDecSerializer}: it has no configuration. */
    public static final class BigDecSerializerSnapshot extends SimpleTypeSerializerSnapshot<BigDecimal> {
        public BigDecSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
