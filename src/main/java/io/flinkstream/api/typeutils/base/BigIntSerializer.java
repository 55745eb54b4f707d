package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.math.BigInteger;

/**
 * Serializes {@link BigInteger}s, null included: the length of the two's-complement bytes plus one as a
 * variable-length integer (0 for null), then the bytes. Immutable and stateless.
 */
public final class BigIntSerializer extends TypeSerializer<BigInteger> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final BigIntSerializer INSTANCE = new BigIntSerializer();

    private BigIntSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public BigIntSerializer duplicate() {
        return this;
    }

    @Override
    public BigInteger createInstance() {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger copy(BigInteger from) {
        return from;
    }

    @Override
    public void serialize(BigInteger record, DataOutputView target) throws IOException {
        writeBigInteger(record, target);
    }

    @Override
    public BigInteger deserialize(DataInputView source) throws IOException {
        return readBigInteger(source);
    }

    /** Writes {@code value} (may be null) in this serializer's format. */
    public static void writeBigInteger(BigInteger value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeVarInt(0);
            return;
        }
        byte[] bytes = value.toByteArray();
        out.writeVarInt(bytes.length + 1);
        out.write(bytes);
    }

    /** Reads what {@link #writeBigInteger} wrote. */
    public static BigInteger readBigInteger(DataInputView in) throws IOException {
        int lengthPlusOne = in.readVarInt();
        if (lengthPlusOne == 0) {
            return null;
        }
        if (lengthPlusOne < 0) {
            throw new IOException("Corrupt data: a BigInteger of " + (lengthPlusOne & 0xFFFFFFFFL) + " bytes");
        }
        byte[] bytes = new byte[lengthPlusOne - 1];
        in.readFully(bytes);
        return bytes.length == 0 ? BigInteger.ZERO : new BigInteger(bytes);
    }

    @Override
    public TypeSerializerSnapshot<BigInteger> snapshotConfiguration() {
        return new BigIntSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof BigIntSerializer;
    }

    @Override
    public int hashCode() {
        return BigIntSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link BigIntSerializer}: it has no configuration. */
    public static final class BigIntSerializerSnapshot extends SimpleTypeSerializerSnapshot<BigInteger> {
        public BigIntSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
