package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.List;

/**
 * Serializes arrays of a primitive type ({@code long[]}, {@code int[]}, {@code byte[]}, …), null included: the length
 * plus one as a variable-length integer (0 for null), then the elements in their fixed-size big-endian form
 * ({@code byte[]} in one write). Arrays are mutable: copies are clones. One stateless instance a primitive type.
 *
 * @param <T> the array type, e.g. {@code long[]}
 */
public final class PrimitiveArraySerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    public static final PrimitiveArraySerializer<boolean[]> BOOLEAN = new PrimitiveArraySerializer<>(boolean[].class);
    public static final PrimitiveArraySerializer<byte[]> BYTE = new PrimitiveArraySerializer<>(byte[].class);
    public static final PrimitiveArraySerializer<short[]> SHORT = new PrimitiveArraySerializer<>(short[].class);
    public static final PrimitiveArraySerializer<int[]> INT = new PrimitiveArraySerializer<>(int[].class);
    public static final PrimitiveArraySerializer<long[]> LONG = new PrimitiveArraySerializer<>(long[].class);
    public static final PrimitiveArraySerializer<float[]> FLOAT = new PrimitiveArraySerializer<>(float[].class);
    public static final PrimitiveArraySerializer<double[]> DOUBLE = new PrimitiveArraySerializer<>(double[].class);
    public static final PrimitiveArraySerializer<char[]> CHAR = new PrimitiveArraySerializer<>(char[].class);

    private static final List<PrimitiveArraySerializer<?>> ALL =
            List.of(BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, CHAR);

    private final Class<T> arrayClass;

    private PrimitiveArraySerializer(Class<T> arrayClass) {
        this.arrayClass = arrayClass;
    }

    /** The serializer of {@code arrayClass} (e.g. {@code long[].class}), or null if it is no primitive array. */
    @SuppressWarnings("unchecked")
    public static <T> PrimitiveArraySerializer<T> forArrayClass(Class<T> arrayClass) {
        for (PrimitiveArraySerializer<?> serializer : ALL) {
            if (serializer.arrayClass == arrayClass) {
                return (PrimitiveArraySerializer<T>) serializer;
            }
        }
        return null;
    }

    /** The array class. */
    public Class<T> getArrayClass() {
        return arrayClass;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PrimitiveArraySerializer<T> duplicate() {
        return this;
    }

    @Override
    public T createInstance() {
        return arrayClass.cast(Array.newInstance(arrayClass.getComponentType(), 0));
    }

    @Override
    public T copy(T from) {
        if (from == null) {
            return null;
        }
        int length = Array.getLength(from);
        T copy = arrayClass.cast(Array.newInstance(arrayClass.getComponentType(), length));
        System.arraycopy(from, 0, copy, 0, length);
        return copy;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        if (record == null) {
            target.writeVarInt(0);
            return;
        }
        int length = Array.getLength(record);
        target.writeVarInt(length + 1);
        if (record instanceof byte[] bytes) {
            target.write(bytes);
        } else if (record instanceof long[] longs) {
            for (long v : longs) {
                target.writeLong(v);
            }
        } else if (record instanceof int[] ints) {
            for (int v : ints) {
                target.writeInt(v);
            }
        } else if (record instanceof double[] doubles) {
            for (double v : doubles) {
                target.writeDouble(v);
            }
        } else if (record instanceof boolean[] booleans) {
            for (boolean v : booleans) {
                target.writeBoolean(v);
            }
        } else if (record instanceof float[] floats) {
            for (float v : floats) {
                target.writeFloat(v);
            }
        } else if (record instanceof short[] shorts) {
            for (short v : shorts) {
                target.writeShort(v);
            }
        } else {
            for (char v : (char[]) record) {
                target.writeChar(v);
            }
        }
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        int lengthPlusOne = source.readVarInt();
        if (lengthPlusOne == 0) {
            return null;
        }
        if (lengthPlusOne < 0) {
            throw new IOException("Corrupt data: an array of " + (lengthPlusOne & 0xFFFFFFFFL) + " elements");
        }
        int length = lengthPlusOne - 1;
        Class<?> component = arrayClass.getComponentType();
        if (component == byte.class) {
            // Read into a buffer no larger than the data, so that a corrupt length fails on EOF, not on memory.
            byte[] bytes = new byte[Math.min(length, 1 << 20)];
            source.readFully(bytes);
            if (length > bytes.length) {
                bytes = readRest(bytes, length, source);
            }
            return arrayClass.cast(bytes);
        }
        if (length > (1 << 24)) {
            checkAvailable(source, length);
        }
        Object array = Array.newInstance(component, length);
        if (array instanceof long[] longs) {
            for (int i = 0; i < length; i++) {
                longs[i] = source.readLong();
            }
        } else if (array instanceof int[] ints) {
            for (int i = 0; i < length; i++) {
                ints[i] = source.readInt();
            }
        } else if (array instanceof double[] doubles) {
            for (int i = 0; i < length; i++) {
                doubles[i] = source.readDouble();
            }
        } else if (array instanceof boolean[] booleans) {
            for (int i = 0; i < length; i++) {
                booleans[i] = source.readBoolean();
            }
        } else if (array instanceof float[] floats) {
            for (int i = 0; i < length; i++) {
                floats[i] = source.readFloat();
            }
        } else if (array instanceof short[] shorts) {
            for (int i = 0; i < length; i++) {
                shorts[i] = source.readShort();
            }
        } else {
            char[] chars = (char[]) array;
            for (int i = 0; i < length; i++) {
                chars[i] = source.readChar();
            }
        }
        return arrayClass.cast(array);
    }

    private static byte[] readRest(byte[] head, int length, DataInputView source) throws IOException {
        byte[] all = java.util.Arrays.copyOf(head, length);
        source.readFully(all, head.length, length - head.length);
        return all;
    }

    private static void checkAvailable(DataInputView source, int length) throws IOException {
        if (source instanceof io.flinkstream.api.typeutils.DataInputDeserializer in && in.available() < length) {
            throw new java.io.EOFException("Corrupt or truncated data: an array of " + length + " elements but "
                    + in.available() + " bytes left");
        }
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new PrimitiveArraySerializerSnapshot<>(arrayClass);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof PrimitiveArraySerializer<?> other && other.arrayClass == arrayClass;
    }

    @Override
    public int hashCode() {
        return arrayClass.hashCode();
    }

    @Override
    public String toString() {
        return "PrimitiveArraySerializer(" + arrayClass.getComponentType() + "[])";
    }

    private Object readResolve() {
        return forArrayClass(arrayClass);
    }

    /** The snapshot of {@link PrimitiveArraySerializer}: the primitive type. */
    public static final class PrimitiveArraySerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
        private Class<T> arrayClass;

        /** For reading. */
        public PrimitiveArraySerializerSnapshot() {
        }

        PrimitiveArraySerializerSnapshot(Class<T> arrayClass) {
            this.arrayClass = arrayClass;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(arrayClass.getComponentType().getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != 1) {
                throw new IOException("Unknown version " + readVersion + " of " + getClass().getName());
            }
            String component = in.readUTF();
            for (PrimitiveArraySerializer<?> serializer : ALL) {
                if (serializer.arrayClass.getComponentType().getName().equals(component)) {
                    arrayClass = (Class<T>) serializer.arrayClass;
                    return;
                }
            }
            throw new IOException("Corrupt snapshot: " + component + " is not a primitive type");
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return forArrayClass(arrayClass);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> oldSerializerSnapshot) {
            if (oldSerializerSnapshot instanceof PrimitiveArraySerializerSnapshot<?> old
                    && old.arrayClass == arrayClass) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
