package io.flinkstream.api.typeutils;

import java.io.IOException;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A {@link DataOutputView} on a growable byte array: what serializers write records, state and snapshots into.
 * Reuse one with {@link #clear()}; {@link #toByteArray()} copies out what was written.
 *
 * <pre>{@code
 * DataOutputSerializer out = new DataOutputSerializer(64);
 * serializer.serialize(value, out);
 * byte[] bytes = out.toByteArray();
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class DataOutputSerializer implements DataOutputView {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private byte[] buffer;
    private int position;

    /** @param initialSize the first buffer's size in bytes; it doubles as needed */
    public DataOutputSerializer(int initialSize) {
        if (initialSize < 1) {
            throw new IllegalArgumentException("The initial size must be at least 1, was " + initialSize);
        }
        this.buffer = new byte[initialSize];
    }

    /** The bytes written so far, copied. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }

    /** The internal buffer; valid up to {@link #length()}, and only until the next write. */
    public byte[] getSharedBuffer() {
        return buffer;
    }

    /** The number of bytes written. */
    public int length() {
        return position;
    }

    /**
     * Moves the write position back to {@code position}, forgetting what was written after it (as Flink's
     * {@code setPosition}); for undoing a partly written value.
     */
    public void setPosition(int position) {
        if (position < 0 || position > this.position) {
            throw new IllegalArgumentException("The position must be between 0 and " + this.position + ", the bytes "
                    + "written, was " + position);
        }
        this.position = position;
    }

    /** Forgets what was written, keeping the buffer. */
    public void clear() {
        position = 0;
    }

    /** Makes room for {@code n} more bytes. */
    public void ensureCapacity(int n) {
        if (n > buffer.length - position) {
            grow(n);
        }
    }

    private void grow(int n) {
        long needed = (long) position + n;
        if (needed > MAX_ARRAY) {
            throw new IllegalStateException("Serialized data exceeds " + MAX_ARRAY + " bytes, the most one byte "
                    + "array can hold");
        }
        long size = Math.max(needed, Math.min(MAX_ARRAY, (long) buffer.length * 2));
        buffer = Arrays.copyOf(buffer, (int) size);
    }

    @Override
    public void write(int b) {
        if (position == buffer.length) {
            grow(1);
        }
        buffer[position++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensureCapacity(len);
        System.arraycopy(b, off, buffer, position, len);
        position += len;
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        ensureCapacity(2);
        SHORT.set(buffer, position, (short) v);
        position += 2;
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        ensureCapacity(4);
        INT.set(buffer, position, v);
        position += 4;
    }

    @Override
    public void writeLong(long v) {
        ensureCapacity(8);
        LONG.set(buffer, position, v);
        position += 8;
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToRawIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    @Override
    public void writeVarInt(int value) {
        ensureCapacity(5);
        while ((value & ~0x7F) != 0) {
            buffer[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[position++] = (byte) value;
    }

    @Override
    public void writeVarLong(long value) {
        ensureCapacity(10);
        while ((value & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[position++] = (byte) value;
    }

    @Override
    public void writeBytes(String s) {
        int len = s.length();
        ensureCapacity(len);
        for (int i = 0; i < len; i++) {
            buffer[position++] = (byte) s.charAt(i);
        }
    }

    @Override
    public void writeChars(String s) {
        int len = s.length();
        ensureCapacity(2 * len);
        for (int i = 0; i < len; i++) {
            SHORT.set(buffer, position, (short) s.charAt(i));
            position += 2;
        }
    }

    /** Modified UTF-8 as {@link java.io.DataOutputStream#writeUTF(String)}: at most 65,535 bytes. */
    @Override
    public void writeUTF(String s) throws IOException {
        int utfLength = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            utfLength += c >= 0x0001 && c <= 0x007F ? 1 : c > 0x07FF ? 3 : 2;
        }
        if (utfLength > 65535) {
            throw new UTFDataFormatException("String of " + utfLength + " encoded bytes is too long for writeUTF");
        }
        ensureCapacity(utfLength + 2);
        writeShort(utfLength);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                buffer[position++] = (byte) c;
            } else if (c > 0x07FF) {
                buffer[position++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
                buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            } else {
                buffer[position++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }
}
