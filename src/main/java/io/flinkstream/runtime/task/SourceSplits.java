package io.flinkstream.runtime.task;

import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeutils.DataInputDeserializer;
import io.flinkstream.api.typeutils.DataOutputSerializer;
import io.flinkstream.api.typeutils.runtime.KryoSerializer;
import io.flinkstream.api.typeutils.runtime.UnserializableTypeException;

import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A source reader's splits in a checkpoint: serialized at the barrier, on the subtask's thread, so a reader that
 * changes a split object after handing it over cannot change the checkpoint. Written with the generic serializer, so
 * splits need not be {@link java.io.Serializable} in practice. Format: a version, the count, the splits.
 */
public final class SourceSplits {
    private static final int FORMAT_VERSION = 1;

    private SourceSplits() {
    }

    /**
     * @param sourceName names the source in the error when a split cannot be written
     * @throws UnserializableTypeException naming the source when a split cannot be serialized
     */
    static byte[] serialize(List<? extends Serializable> splits, String sourceName) {
        KryoSerializer<Object> serializer = new KryoSerializer<>(Object.class, new SerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(64 + 32 * splits.size());
        try {
            out.writeInt(FORMAT_VERSION);
            out.writeVarInt(splits.size());
            for (Object split : splits) {
                serializer.serialize(split, out);
            }
        } catch (UnserializableTypeException e) {
            throw e.in("the splits of source '" + sourceName + "'");
        } catch (IOException e) {
            throw new IllegalStateException("Could not serialize the splits of source '" + sourceName + "': " + e, e);
        }
        return out.toByteArray();
    }

    /** Splits as FlinkStream stored them before typed serializers: one Java-serialized list. */
    @SuppressWarnings("unchecked")
    private static List<Serializable> readJavaSerialized(byte[] data, String location, ClassLoader classLoader)
            throws IOException {
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(data)) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, classLoader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (List<Serializable>) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("The source splits in " + location + " need a class that is not on the class "
                    + "path: " + e.getMessage(), e);
        }
    }

    /** Reads what {@link #serialize} wrote; {@code location} names the blob in errors. */
    public static List<Serializable> deserialize(byte[] data, String location, ClassLoader classLoader) throws IOException {
        if (data.length >= 2 && (data[0] & 0xFF) == 0xAC && (data[1] & 0xFF) == 0xED) {
            return readJavaSerialized(data, location, classLoader);
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(classLoader);
        try {
            KryoSerializer<Object> serializer = new KryoSerializer<>(Object.class, new SerializerConfig());
            DataInputDeserializer in = new DataInputDeserializer(data);
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IOException("The source splits in " + location + " have format " + version + " (this "
                        + "version reads " + FORMAT_VERSION + "); restore with the version that wrote them");
            }
            int n = in.readLength("the number of splits");
            List<Serializable> splits = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                splits.add((Serializable) serializer.deserialize(in));
            }
            if (in.available() != 0) {
                throw new IOException("Corrupt source splits in " + location + ": bytes follow the last split");
            }
            return splits;
        } catch (EOFException e) {
            throw new IOException("Corrupt source splits in " + location + ": " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
