package io.flinkstream.runtime.network;

import io.flinkstream.api.typeutils.DataInputDeserializer;

import java.io.EOFException;
import java.io.IOException;

/**
 * One batch of records of one channel, serialized into a single byte array. The layout, format version 2:
 *
 * <pre>
 * header   byte    format version (2)
 *          byte    flags: bit 0 set when the batch is keyed; the other bits are 0
 *          varint  record count n
 * n times  varint  key group          (keyed batches only)
 *          record  record serializer
 * </pre>
 *
 * <p>Varints are unsigned LEB128, as {@link io.flinkstream.api.typeutils.DataOutputView#writeVarInt(int)} writes
 * them. Nothing follows the last record: the array's length is the batch's length, so a transport frames it with its
 * own length prefix. The record is written by the edge's serializer, which both ends must agree on (the job graph
 * carries it); the format does not repeat type information per batch or per record.
 *
 * <p>A keyed batch carries each record's key group but not its key: the receiver derives the key from the record
 * with the edge's key selector, as Flink does, and checks it falls in the key group the sender computed (version 1
 * carried the key too, a third to a half of the bytes of small records).
 *
 * <p>Immutable by contract: the array is not copied, and nobody may change it once the batch is made. That is what
 * lets one subtask hand it to another by reference.
 *
 * @see RecordBatchSerializer
 * @see RecordBatchDeserializer
 */
public final class SerializedRecordBatch {
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 2;
    /** Bit 0 of the flags byte: each record carries its key group. */
    public static final int FLAG_KEYED = 1;

    private final byte[] bytes;

    /** @param bytes a batch in the layout above, e.g. received from another JVM; not copied */
    public SerializedRecordBatch(byte[] bytes) {
        if (bytes == null) {
            throw new NullPointerException("A serialized record batch needs its bytes");
        }
        this.bytes = bytes;
    }

    /**
     * The header of a batch: format version, whether keyed, how many records, and where they start.
     *
     * @param recordsOffset the index in {@link #bytes()} of the first record's bytes
     */
    public record Header(int formatVersion, boolean keyed, int recordCount, int recordsOffset) {
    }

    /**
     * Reads and checks the header.
     *
     * @throws IOException when the header is cut off, of another format version, or has unknown flags
     */
    public Header header() throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        return readHeader(in, bytes.length);
    }

    static Header readHeader(DataInputDeserializer in, int length) throws IOException {
        if (length < 3) {
            throw new EOFException("The batch is " + length + " bytes long, shorter than the smallest header (3 "
                    + "bytes): it is truncated");
        }
        int version = in.readUnsignedByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("The batch has format version " + version + ", but this FlinkStream reads version "
                    + FORMAT_VERSION + " only: the batch is corrupt, or its sender runs another FlinkStream version");
        }
        int flags = in.readUnsignedByte();
        if ((flags & ~FLAG_KEYED) != 0) {
            throw new IOException("The batch header has unknown flags 0x" + Integer.toHexString(flags)
                    + ": the batch is corrupt");
        }
        int count = in.readVarInt();
        if (count < 0) {
            throw new IOException("The batch header gives a negative record count (" + count + "): the batch is "
                    + "corrupt");
        }
        return new Header(version, (flags & FLAG_KEYED) != 0, count, in.getPosition());
    }

    /** The serialized batch, header included; do not modify. */
    public byte[] bytes() {
        return bytes;
    }

    /** The size of the batch in bytes. */
    public int length() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "SerializedRecordBatch[" + bytes.length + " bytes]";
    }
}
