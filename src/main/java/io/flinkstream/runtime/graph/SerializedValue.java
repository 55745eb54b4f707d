package io.flinkstream.runtime.graph;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * User code (functions, sources, key selectors) frozen as bytes at execute, so that every subtask and every restart
 * attempt gets its own fresh copy, as in Flink. This is local cloning of user code, never wire serialization of
 * messages (that stays Jackson).
 *
 * @param <T> the type of the frozen object
 */
public final class SerializedValue<T> {
    private final byte[] bytes;
    private final String description;

    private SerializedValue(byte[] bytes, String description) {
        this.bytes = bytes;
        this.description = description;
    }

    /**
     * Freezes {@code value}.
     *
     * @param description what the value is, for the error message: e.g. "the function of operator 'Map'"
     * @throws IllegalArgumentException naming what was not serializable, and how to fix it
     */
    public static <T extends Serializable> SerializedValue<T> of(T value, String description) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(description + " is not serializable: it holds a "
                    + e.getMessage() + ". Each subtask gets its own copy of user code by serialization; make that "
                    + "class Serializable, or mark the field transient and create it in open()", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(description + " could not be serialized: " + e, e);
        }
        return new SerializedValue<>(buffer.toByteArray(), description);
    }

    /** Feeds the frozen bytes to {@code digest}, for the job graph's fingerprint. */
    void digestInto(java.security.MessageDigest digest) {
        int n = bytes.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(bytes);
    }

    /** A fresh copy, loaded with {@code classLoader}. */
    @SuppressWarnings("unchecked")
    public T deserialize(ClassLoader classLoader) {
        try (ObjectInputStream in = new ClassLoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
            return (T) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(description + " could not be copied for a subtask: " + e, e);
        }
    }

    private static final class ClassLoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader classLoader;

        ClassLoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
