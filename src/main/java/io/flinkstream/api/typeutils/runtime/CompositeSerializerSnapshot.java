package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/**
 * The snapshot of a serializer built from nested serializers (a tuple's fields, a list's element, a map's key and
 * value): its own configuration, written by the subclass, followed by each nested serializer's snapshot. Restoring
 * restores the nested serializers and builds the outer one from them; compatibility is the weakest of the nested
 * ones, and an incompatible nested serializer is named in the reason ("field f1: Long -> String").
 *
 * <p>Subclasses have a public no-argument constructor for reading, and a constructor taking the serializer for
 * writing that passes its nested serializers to {@link #CompositeSerializerSnapshot(TypeSerializer[])}.
 *
 * @param <T> the type serialized
 */
public abstract class CompositeSerializerSnapshot<T> implements TypeSerializerSnapshot<T>, SerializerSnapshots.Typed {
    private TypeSerializerSnapshot<?>[] nestedSnapshots;

    /** For reading: {@link #readSnapshot} fills the snapshot in. */
    protected CompositeSerializerSnapshot() {
    }

    /** For writing: snapshots each nested serializer now. */
    protected CompositeSerializerSnapshot(TypeSerializer<?>... nestedSerializers) {
        nestedSnapshots = new TypeSerializerSnapshot<?>[nestedSerializers.length];
        for (int i = 0; i < nestedSerializers.length; i++) {
            nestedSnapshots[i] = nestedSerializers[i].snapshotConfiguration();
        }
    }

    /** Writes the outer serializer's own configuration (e.g. the tuple class); nothing by default. */
    protected void writeOuterSnapshot(DataOutputView out) throws IOException {
    }

    /** Reads what {@link #writeOuterSnapshot} wrote. */
    protected void readOuterSnapshot(DataInputView in, ClassLoader classLoader) throws IOException {
    }

    /**
     * Why data written by the serializer {@code old} describes cannot be read as this one's type whatever the nested
     * serializers say (e.g. a different tuple class), or null when the outer configurations agree. {@code old} is of
     * this snapshot's class.
     */
    protected String outerIncompatibility(CompositeSerializerSnapshot<T> old) {
        return null;
    }

    /** The outer serializer built from {@code nested}, restored from the nested snapshots. */
    protected abstract TypeSerializer<T> createOuterSerializer(TypeSerializer<?>[] nested);

    /** What the nested serializer at {@code index} is, for reasons: "field f1", "element", "key". */
    protected abstract String nestedName(int index);

    /** The nested snapshots, in order. */
    public TypeSerializerSnapshot<?>[] getNestedSnapshots() {
        return nestedSnapshots.clone();
    }

    @Override
    public int getCurrentVersion() {
        return 1;
    }

    @Override
    public final void writeSnapshot(DataOutputView out) throws IOException {
        writeOuterSnapshot(out);
        out.writeVarInt(nestedSnapshots.length);
        for (TypeSerializerSnapshot<?> nested : nestedSnapshots) {
            TypeSerializerSnapshot.writeVersionedSnapshot(out, nested);
        }
    }

    @Override
    public final void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != 1) {
            throw new IOException("Unknown version " + readVersion + " of " + getClass().getName()
                    + ": the checkpoint was written by a newer FlinkStream");
        }
        readOuterSnapshot(in, classLoader);
        int n = in.readLength("the number of nested serializer snapshots");
        nestedSnapshots = new TypeSerializerSnapshot<?>[n];
        for (int i = 0; i < n; i++) {
            nestedSnapshots[i] = TypeSerializerSnapshot.readVersionedSnapshot(in, classLoader);
        }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        TypeSerializer<?>[] nested = new TypeSerializer<?>[nestedSnapshots.length];
        for (int i = 0; i < nested.length; i++) {
            nested[i] = nestedSnapshots[i].restoreSerializer();
        }
        return createOuterSerializer(nested);
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSerializerSnapshot) {
        if (oldSerializerSnapshot.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible("the state was written as "
                    + SerializerSnapshots.typeOf(oldSerializerSnapshot).getSimpleName() + " and is now read as "
                    + typeClass().getSimpleName());
        }
        CompositeSerializerSnapshot<T> old = (CompositeSerializerSnapshot<T>) oldSerializerSnapshot;
        String outer = outerIncompatibility(old);
        if (outer != null) {
            return TypeSerializerSchemaCompatibility.incompatible(outer);
        }
        if (old.nestedSnapshots.length != nestedSnapshots.length) {
            return TypeSerializerSchemaCompatibility.incompatible(typeClass().getSimpleName() + " had "
                    + old.nestedSnapshots.length + " nested serializers and now has " + nestedSnapshots.length);
        }
        TypeSerializerSchemaCompatibility<T> result = TypeSerializerSchemaCompatibility.compatibleAsIs();
        for (int i = 0; i < nestedSnapshots.length; i++) {
            TypeSerializerSnapshot<Object> now = (TypeSerializerSnapshot<Object>) nestedSnapshots[i];
            TypeSerializerSnapshot<Object> before = (TypeSerializerSnapshot<Object>) old.nestedSnapshots[i];
            TypeSerializerSchemaCompatibility<Object> nested = now.resolveSchemaCompatibility(before);
            if (nested.isIncompatible()) {
                String why = nested.reason() != null ? nested.reason()
                        : SerializerSnapshots.typeOf(before).getSimpleName() + " -> "
                        + SerializerSnapshots.typeOf(now).getSimpleName();
                return TypeSerializerSchemaCompatibility.incompatible(nestedName(i) + ": " + why);
            }
            result = TypeSerializerSchemaCompatibility.weakest(result, nested);
        }
        return result;
    }
}
