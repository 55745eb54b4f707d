package io.flinkstream.api.typeutils;

import java.io.DataInput;
import java.io.EOFException;
import java.io.IOException;

/**
 * Where a {@link TypeSerializer} reads from: a {@link DataInput} with the variable-length integers of
 * {@link DataOutputView}. FlinkStream's own implementation is {@link DataInputDeserializer}.
 */
public interface DataInputView extends DataInput {

    /**
     * Reads what {@link DataOutputView#writeVarInt(int)} wrote.
     *
     * @throws IOException if the bytes end first or the integer is longer than 5 bytes
     */
    default int readVarInt() throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("Corrupt data: a variable-length integer is longer than 5 bytes");
    }

    /** Reads what {@link DataOutputView#writeVarLong(long)} wrote. */
    default long readVarLong() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("Corrupt data: a variable-length long is longer than 10 bytes");
    }

    /** Reads what {@link DataOutputView#writeZigZagLong(long)} wrote. */
    default long readZigZagLong() throws IOException {
        long zigZag = readVarLong();
        return (zigZag >>> 1) ^ -(zigZag & 1);
    }

    /** Reads what {@link DataOutputView#writeZigZagInt(int)} wrote. */
    default int readZigZagInt() throws IOException {
        int zigZag = readVarInt();
        return (zigZag >>> 1) ^ -(zigZag & 1);
    }

    /**
     * Reads a length or count written with {@link DataOutputView#writeVarInt(int)} and checks it is not negative.
     *
     * @param what what the length counts, for the message
     */
    default int readLength(String what) throws IOException {
        int n = readVarInt();
        if (n < 0) {
            throw new IOException("Corrupt data: " + what + " is " + (n & 0xFFFFFFFFL) + ", more than a Java "
                    + "array can hold");
        }
        return n;
    }

    /** Skips exactly {@code n} bytes, or fails. */
    default void skipBytesToRead(int n) throws IOException {
        while (n > 0) {
            int skipped = skipBytes(n);
            if (skipped <= 0) {
                throw new EOFException("Could not skip " + n + " more bytes");
            }
            n -= skipped;
        }
    }
}
