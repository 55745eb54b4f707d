package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.util.List;

/**
 * The snapshot of a {@link RecordSerializer}: the record class's name and, per component in declaration order, its
 * name, declared type and serializer snapshot. Read back with the job's current classes, it evolves the schema:
 * {@link #restoreSerializer()} reads the old components into the current record by name (dropped components read and
 * ignored, new ones given their default: null, 0, false); {@link #resolveSchemaCompatibility} says as is (same
 * components in the same order, each as is), after migration (components added, removed, reordered or migrated; or
 * the old data was written by the generic serializer), or incompatible with the reason.
 *
 * @param <T> the record class
 */
public final class RecordSerializerSnapshot<T> implements TypeSerializerSnapshot<T>, SerializerSnapshots.Typed {
    private static final int VERSION = 1;

    private Class<T> clazz;
    private List<NamedFieldSnapshots.NamedField> components;

    /** For reading. */
    public RecordSerializerSnapshot() {
    }

    RecordSerializerSnapshot(Class<T> clazz, List<NamedFieldSnapshots.NamedField> components) {
        this.clazz = clazz;
        this.components = List.copyOf(components);
    }

    @Override
    public Class<?> typeClass() {
        return clazz;
    }

    /** The names of the components as written, in order. */
    public List<String> componentNames() {
        return components.stream().map(NamedFieldSnapshots.NamedField::name).toList();
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(clazz.getName());
        NamedFieldSnapshots.write(out, components);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("Unknown version " + readVersion + " of the record serializer snapshot; this "
                    + "FlinkStream reads version " + VERSION);
        }
        clazz = (Class<T>) SerializerSnapshots.loadClass(in.readUTF(), classLoader);
        components = NamedFieldSnapshots.read(in, classLoader);
    }

    /**
     * A serializer reading data in the layout this snapshot describes into instances of the current record.
     *
     * @throws IllegalStateException if the class is no longer a record
     */
    @Override
    public TypeSerializer<T> restoreSerializer() {
        if (!clazz.isRecord()) {
            throw new IllegalStateException("The state of " + clazz.getName() + " was written as a record, but "
                    + clazz.getName() + " is no longer a record: FlinkStream cannot read it into the new class. "
                    + "Keep the class a record, or start the job without this state");
        }
        int n = components.size();
        String[] names = new String[n];
        String[] typeNames = new String[n];
        TypeSerializer<?>[] serializers = new TypeSerializer<?>[n];
        for (int i = 0; i < n; i++) {
            names[i] = components.get(i).name();
            typeNames[i] = components.get(i).typeName();
            serializers[i] = components.get(i).snapshot().restoreSerializer();
        }
        return new RecordSerializer<>(clazz, names, typeNames, serializers);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSerializerSnapshot) {
        if (oldSerializerSnapshot instanceof KryoSerializer.KryoSerializerSnapshot<T> kryo) {
            return kryo.getType() == clazz
                    ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible("the state was written by the generic "
                            + "serializer for " + kryo.getType().getName() + ", not " + clazz.getName());
        }
        if (oldSerializerSnapshot instanceof PojoSerializerSnapshot<T> pojo) {
            return TypeSerializerSchemaCompatibility.incompatible(clazz.getName() + " was a POJO when the state "
                    + "was written and is now a record: FlinkStream does not migrate state between POJOs and records; "
                    + "keep it a POJO, or start the job without this state");
        }
        if (!(oldSerializerSnapshot instanceof RecordSerializerSnapshot<T> old)) {
            return TypeSerializerSchemaCompatibility.incompatible("the state of " + clazz.getName() + " was written "
                    + "by another serializer (" + oldSerializerSnapshot.getClass().getName() + ")");
        }
        if (!old.clazz.getName().equals(clazz.getName())) {
            return TypeSerializerSchemaCompatibility.incompatible("the record class changed from "
                    + old.clazz.getName() + " to " + clazz.getName());
        }
        return NamedFieldSnapshots.resolve(components, old.components);
    }

    @Override
    public String toString() {
        return "RecordSerializerSnapshot(" + clazz.getName() + ", " + componentNames() + ")";
    }
}
