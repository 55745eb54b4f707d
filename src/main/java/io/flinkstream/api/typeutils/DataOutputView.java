package io.flinkstream.api.typeutils;

import java.io.DataOutput;
import java.io.IOException;

/**
 * Where a {@link TypeSerializer} writes: a {@link DataOutput} (big-endian, as Flink's) with compact variable-length
 * integers added. FlinkStream's own implementation is {@link DataOutputSerializer}, a growable byte buffer.
 */
public interface DataOutputView extends DataOutput {

    /**
     * Writes {@code value} as an unsigned variable-length integer: 7 bits a byte, low bits first (1 byte below 128,
     * at most 5). Negative values take 5 bytes; use {@link #writeVarLong(long)} with ZigZag for signed ones.
     */
    default void writeVarInt(int value) throws IOException {
        while ((value & ~0x7F) != 0) {
            writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        writeByte(value);
    }

    /** Writes {@code value} as an unsigned variable-length long: 7 bits a byte, at most 10 bytes. */
    default void writeVarLong(long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        writeByte((int) value);
    }

    /** Writes a signed long as a ZigZag variable-length long: small magnitudes, negative or not, take few bytes. */
    default void writeZigZagLong(long value) throws IOException {
        writeVarLong((value << 1) ^ (value >> 63));
    }

    /** Writes a signed int as a ZigZag variable-length integer. */
    default void writeZigZagInt(int value) throws IOException {
        writeVarInt((value << 1) ^ (value >> 31));
    }

    /**
     * Writes {@code length} bytes read from {@code source}: copies serialized data without deserializing it.
     *
     * @throws IOException if the source ends first
     */
    default void write(DataInputView source, int length) throws IOException {
        byte[] buffer = new byte[Math.min(length, 4096)];
        int left = length;
        while (left > 0) {
            int n = Math.min(left, buffer.length);
            source.readFully(buffer, 0, n);
            write(buffer, 0, n);
            left -= n;
        }
    }
}
