package io.flinkstream.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte form of keyed state snapshots: a growable buffer to write into and a reader over a written array.
 * Integers of variable size use LEB128 varints (ZigZag for signed longs), so small numbers — counts, ids — take one
 * to three bytes instead of eight. Not thread-safe; no object serialization: that is the caller's.
 */
final class SnapshotBytes {
    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private SnapshotBytes() {
    }

    /** An append-only byte buffer. */
    static final class Output {
        private byte[] buffer;
        private int size;

        /** A buffer starting at {@code capacity} bytes, which it grows by half again when full. */
        Output(int capacity) {
            buffer = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            long needed = (long) size + more;
            if (needed > buffer.length) {
                if (needed > MAX_ARRAY) {
                    throw new IllegalStateException("A keyed state snapshot of one subtask cannot exceed 2 GB; "
                            + "raise the parallelism to spread the state over more subtasks");
                }
                long grown = Math.min(MAX_ARRAY, buffer.length + (long) (buffer.length >> 1));
                buffer = Arrays.copyOf(buffer, (int) Math.max(needed, grown));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        void writeInt(int v) {
            ensure(4);
            buffer[size++] = (byte) (v >>> 24);
            buffer[size++] = (byte) (v >>> 16);
            buffer[size++] = (byte) (v >>> 8);
            buffer[size++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        /** An unsigned varint: 7 bits per byte, low bits first, high bit set on every byte but the last. */
        void writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buffer[size++] = (byte) v;
        }

        /** A signed long as a ZigZag varint: small magnitudes, positive or negative, stay short. */
        void writeZigZagLong(long v) {
            writeVarLong((v << 1) ^ (v >> 63));
        }

        void writeString(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeVarLong(utf8.length);
            writeBytes(utf8);
        }

        void writeBytes(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        int size() {
            return size;
        }

        /** The bytes written, in an array of exactly that length (the buffer itself if it is full). */
        byte[] toByteArray() {
            return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        }
    }

    /** Reads what an {@link Output} wrote; every read past the end is an {@link IOException}. */
    static final class Input {
        private final byte[] data;
        private int position;

        Input(byte[] data) {
            this.data = data;
        }

        private void need(int n) throws IOException {
            if (n < 0 || n > data.length - position) {
                throw new IOException("Corrupt keyed state snapshot: it ends at byte " + data.length
                        + " where " + n + " more bytes were expected at byte " + position);
            }
        }

        int readByte() throws IOException {
            need(1);
            return data[position++];
        }

        int readInt() throws IOException {
            need(4);
            int v = ((data[position] & 0xFF) << 24) | ((data[position + 1] & 0xFF) << 16)
                    | ((data[position + 2] & 0xFF) << 8) | (data[position + 3] & 0xFF);
            position += 4;
            return v;
        }

        long readLong() throws IOException {
            return ((long) readInt() << 32) | (readInt() & 0xFFFFFFFFL);
        }

        long readVarLong() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                if (shift == 63 && (b & 0x7E) != 0) {
                    throw new IOException("Corrupt keyed state snapshot: a varint at byte " + position
                            + " overflows 64 bits");
                }
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IOException("Corrupt keyed state snapshot: a varint at byte " + position + " is too long");
        }

        long readZigZagLong() throws IOException {
            long v = readVarLong();
            return (v >>> 1) ^ -(v & 1);
        }

        /** A varint that must fit a non-negative int: a length or a count. */
        int readLength() throws IOException {
            long v = readVarLong();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IOException("Corrupt keyed state snapshot: length " + v + " at byte " + position);
            }
            return (int) v;
        }

        String readString() throws IOException {
            int length = readLength();
            need(length);
            String s = new String(data, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        byte[] readBytes(int length) throws IOException {
            need(length);
            byte[] bytes = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return bytes;
        }

        boolean atEnd() {
            return position == data.length;
        }

        /** Bytes not read yet. */
        int remaining() {
            return data.length - position;
        }

        /** Whether the bytes start with the header of Java object serialization: a snapshot of format 2. */
        boolean startsWithJavaSerialization() {
            return data.length >= 2 && (data[0] & 0xFF) == 0xAC && (data[1] & 0xFF) == 0xED;
        }
    }
}
