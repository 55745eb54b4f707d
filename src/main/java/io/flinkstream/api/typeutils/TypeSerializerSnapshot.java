package io.flinkstream.api.typeutils;

import java.io.IOException;
import java.lang.reflect.Constructor;

/**
 * What a {@link TypeSerializer} wrote, stored in checkpoints beside the data: enough to read that data back with
 * {@link #restoreSerializer()} after the job's code has changed, and to decide whether the new serializer can take
 * over ({@link #resolveSchemaCompatibility(TypeSerializerSnapshot)}).
 *
 * <p>Implementations have a public no-argument constructor: they are instantiated by class name when read, then
 * {@link #readSnapshot} fills them in. {@link #writeVersionedSnapshot} and {@link #readVersionedSnapshot} store one
 * with its class name and version.
 *
 * @param <T> the type the serializer serializes
 */
public interface TypeSerializerSnapshot<T> {

    /** The version of this snapshot's own format, written with it and passed back to {@link #readSnapshot}. */
    int getCurrentVersion();

    /** Writes this snapshot's configuration. */
    void writeSnapshot(DataOutputView out) throws IOException;

    /**
     * Reads a configuration written by {@link #writeSnapshot} of version {@code readVersion}.
     *
     * @param userCodeClassLoader loads the classes the configuration names
     */
    void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException;

    /** A serializer that reads data written by the serializer this snapshot describes. */
    TypeSerializer<T> restoreSerializer();

    /**
     * Called on the snapshot of the <em>new</em> serializer with the snapshot stored in a checkpoint: whether the
     * new serializer reads the stored data as it is, after migration (reading with
     * {@code oldSerializerSnapshot.restoreSerializer()}), or not at all.
     */
    TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSerializerSnapshot);

    /** Writes {@code snapshot} with its class name and version, for {@link #readVersionedSnapshot}. */
    static void writeVersionedSnapshot(DataOutputView out, TypeSerializerSnapshot<?> snapshot) throws IOException {
        out.writeUTF(snapshot.getClass().getName());
        out.writeInt(snapshot.getCurrentVersion());
        snapshot.writeSnapshot(out);
    }

    /**
     * Reads a snapshot written by {@link #writeVersionedSnapshot}.
     *
     * @throws IOException naming the snapshot class when it is missing or cannot be instantiated
     */
    static <T> TypeSerializerSnapshot<T> readVersionedSnapshot(DataInputView in, ClassLoader classLoader)
            throws IOException {
        String className = in.readUTF();
        int version = in.readInt();
        TypeSerializerSnapshot<T> snapshot = instantiate(className, classLoader);
        snapshot.readSnapshot(version, in, classLoader);
        return snapshot;
    }

    @SuppressWarnings("unchecked")
    private static <T> TypeSerializerSnapshot<T> instantiate(String className, ClassLoader classLoader)
            throws IOException {
        Class<?> cls;
        try {
            cls = Class.forName(className, true, classLoader);
        } catch (ClassNotFoundException e) {
            throw new IOException("The serializer snapshot class " + className + " stored in the checkpoint is not on "
                    + "the class path: restore with the code that wrote it, or add the class", e);
        }
        if (!TypeSerializerSnapshot.class.isAssignableFrom(cls)) {
            throw new IOException("Corrupt snapshot: " + className + " is not a TypeSerializerSnapshot");
        }
        try {
            Constructor<?> constructor = cls.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (TypeSerializerSnapshot<T>) constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("The serializer snapshot class " + className + " needs a public no-argument "
                    + "constructor: " + e, e);
        }
    }
}
