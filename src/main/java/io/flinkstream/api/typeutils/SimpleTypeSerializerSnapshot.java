package io.flinkstream.api.typeutils;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * The snapshot of a serializer that has no configuration (Long, String, …): compatible as is with a snapshot of the
 * same class, incompatible with any other. Subclasses have a public no-argument constructor passing the supplier:
 *
 * <pre>{@code
 * public static final class LongSerializerSnapshot extends SimpleTypeSerializerSnapshot<Long> {
 *     public LongSerializerSnapshot() { super(() -> LongSerializer.INSTANCE); }
 * }
 * }</pre>
 *
 * @param <T> the type serialized
 */
public abstract class SimpleTypeSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
    private final Supplier<? extends TypeSerializer<T>> serializerSupplier;

    protected SimpleTypeSerializerSnapshot(Supplier<? extends TypeSerializer<T>> serializerSupplier) {
        this.serializerSupplier = serializerSupplier;
    }

    @Override
    public int getCurrentVersion() {
        return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) {
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
        if (readVersion != 1) {
            throw new IOException("Unknown version " + readVersion + " of " + getClass().getName());
        }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return serializerSupplier.get();
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSerializerSnapshot) {
        return oldSerializerSnapshot.getClass() == getClass()
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}
