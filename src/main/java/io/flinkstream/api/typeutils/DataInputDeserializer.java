package io.flinkstream.api.typeutils;

import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A {@link DataInputView} over a byte array (or a slice of one): what serializers read records, state and snapshots
 * from. Reading past the end throws {@link EOFException}, so truncated data fails instead of yielding garbage.
 *
 * <p>Not thread-safe.
 */
public final class DataInputDeserializer implements DataInputView {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    private int position;
    private int end;

    /** Reads all of {@code buffer}. */
    public DataInputDeserializer(byte[] buffer) {
        this(buffer, 0, buffer.length);
    }

    /** Reads {@code length} bytes of {@code buffer} from {@code offset}. */
    public DataInputDeserializer(byte[] buffer, int offset, int length) {
        setBuffer(buffer, offset, length);
    }

    /** Reads {@code length} bytes of {@code buffer} from {@code offset} from now on. */
    public void setBuffer(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("Slice [" + offset + ", " + offset + "+" + length + ") of a "
                    + buffer.length + "-byte buffer");
        }
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    /** The bytes left to read. */
    public int available() {
        return end - position;
    }

    /** The position in the buffer. */
    public int getPosition() {
        return position;
    }

    private void need(int n) throws EOFException {
        if (n > end - position) {
            throw new EOFException("Needed " + n + " more bytes but only " + (end - position) + " are left: the "
                    + "data is truncated or corrupt");
        }
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        need(len);
        System.arraycopy(buffer, position, b, off, len);
        position += len;
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return readByte() != 0;
    }

    @Override
    public byte readByte() throws IOException {
        if (position >= end) {
            throw new EOFException("Needed 1 more byte but none is left: the data is truncated or corrupt");
        }
        return buffer[position++];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return readByte() & 0xFF;
    }

    @Override
    public short readShort() throws IOException {
        need(2);
        short v = (short) SHORT.get(buffer, position);
        position += 2;
        return v;
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws IOException {
        need(4);
        int v = (int) INT.get(buffer, position);
        position += 4;
        return v;
    }

    @Override
    public long readLong() throws IOException {
        need(8);
        long v = (long) LONG.get(buffer, position);
        position += 8;
        return v;
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    @Override
    public int readVarInt() throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (position >= end) {
                throw new EOFException("A variable-length integer is cut off: the data is truncated or corrupt");
            }
            int b = buffer[position++];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("Corrupt data: a variable-length integer is longer than 5 bytes");
    }

    @Override
    public String readLine() {
        throw new UnsupportedOperationException("readLine is not supported; serializers read exact lengths");
    }

    /** Reads what {@link DataOutputSerializer#writeUTF(String)} wrote. */
    @Override
    public String readUTF() throws IOException {
        int utfLength = readUnsignedShort();
        need(utfLength);
        char[] chars = new char[utfLength];
        int count = 0;
        int stop = position + utfLength;
        while (position < stop) {
            int c = buffer[position] & 0xFF;
            if (c < 0x80) {
                position++;
                chars[count++] = (char) c;
            } else if ((c >> 5) == 0b110 && position + 1 < stop) {
                chars[count++] = (char) (((c & 0x1F) << 6) | (buffer[position + 1] & 0x3F));
                position += 2;
            } else if ((c >> 4) == 0b1110 && position + 2 < stop) {
                chars[count++] = (char) (((c & 0x0F) << 12) | ((buffer[position + 1] & 0x3F) << 6)
                        | (buffer[position + 2] & 0x3F));
                position += 3;
            } else {
                throw new UTFDataFormatException("Malformed modified UTF-8 at byte " + position);
            }
        }
        return new String(chars, 0, count);
    }
}
