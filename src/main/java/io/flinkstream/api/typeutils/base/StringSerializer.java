package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/**
 * Serializes {@link String}s, null included: the length plus one as a variable-length integer (0 for null), then each
 * UTF-16 char as a variable-length integer (1 byte for ASCII, at most 3). Chars, not code points, are written, so
 * every Java string — unpaired surrogates included — comes back exactly. Immutable and stateless.
 */
public final class StringSerializer extends TypeSerializer<String> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final StringSerializer INSTANCE = new StringSerializer();

    private StringSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public StringSerializer duplicate() {
        return this;
    }

    @Override
    public String createInstance() {
        return "";
    }

    @Override
    public String copy(String from) {
        return from;
    }

    @Override
    public void serialize(String record, DataOutputView target) throws IOException {
        writeString(record, target);
    }

    @Override
    public String deserialize(DataInputView source) throws IOException {
        return readString(source);
    }

    /** Writes {@code s} (may be null) in this serializer's format. */
    public static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeVarInt(0);
            return;
        }
        int length = s.length();
        out.writeVarInt(length + 1);
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.writeByte(c);
            } else {
                out.writeVarInt(c);
            }
        }
    }

    /** Reads what {@link #writeString} wrote. */
    public static String readString(DataInputView in) throws IOException {
        int lengthPlusOne = in.readVarInt();
        if (lengthPlusOne == 0) {
            return null;
        }
        int length = lengthPlusOne - 1;
        if (length < 0) {
            throw new IOException("Corrupt data: a string length of " + (lengthPlusOne & 0xFFFFFFFFL));
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            int c = in.readUnsignedByte();
            if (c >= 0x80) {
                int shift = 7;
                c &= 0x7F;
                int next;
                do {
                    next = in.readUnsignedByte();
                    c |= (next & 0x7F) << shift;
                    shift += 7;
                } while ((next & 0x80) != 0 && shift < 21);
                if ((next & 0x80) != 0 || c > Character.MAX_VALUE) {
                    throw new IOException("Corrupt data: a string char does not fit in 16 bits");
                }
            }
            chars[i] = (char) c;
        }
        return new String(chars);
    }

    @Override
    public TypeSerializerSnapshot<String> snapshotConfiguration() {
        return new StringSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof StringSerializer;
    }

    @Override
    public int hashCode() {
        return StringSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link StringSerializer}: it has no configuration. */
    public static final class StringSerializerSnapshot extends SimpleTypeSerializerSnapshot<String> {
        public StringSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
