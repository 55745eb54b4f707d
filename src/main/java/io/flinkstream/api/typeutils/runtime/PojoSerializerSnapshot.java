package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * The snapshot of a {@link PojoSerializer}: the POJO class's name, per field (by name) its name, declared type and
 * serializer snapshot, and the snapshot of the generic serializer that writes subclasses. Read back with the job's
 * current classes, it evolves the schema:
 * <ul>
 *     <li>{@link #restoreSerializer()} reads the old layout into the current class, fields matched by name: a field
 *     the class no longer has is dropped; a new field keeps the value its no-argument constructor gave it;</li>
 *     <li>{@link #resolveSchemaCompatibility} says as is (same fields, each as is), after migration (fields added,
 *     removed or migrated; or the old data was written by the generic serializer), or incompatible with the reason
 *     ("field 'count' changed from java.lang.Long to java.lang.String"; another class; a record then).</li>
 * </ul>
 *
 * @param <T> the POJO class
 */
public final class PojoSerializerSnapshot<T> implements TypeSerializerSnapshot<T>, SerializerSnapshots.Typed {
    private static final int VERSION = 1;

    private Class<T> clazz;
    private List<NamedFieldSnapshots.NamedField> fields;
    private TypeSerializerSnapshot<T> subclassSnapshot;

    /** For reading. */
    public PojoSerializerSnapshot() {
    }

    PojoSerializerSnapshot(Class<T> clazz, List<NamedFieldSnapshots.NamedField> fields,
                           TypeSerializerSnapshot<T> subclassSnapshot) {
        this.clazz = clazz;
        this.fields = List.copyOf(fields);
        this.subclassSnapshot = subclassSnapshot;
    }

    @Override
    public Class<?> typeClass() {
        return clazz;
    }

    /** The names of the fields as written, in order. */
    public List<String> fieldNames() {
        return fields.stream().map(NamedFieldSnapshots.NamedField::name).toList();
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(clazz.getName());
        NamedFieldSnapshots.write(out, fields);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, subclassSnapshot);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("Unknown version " + readVersion + " of the POJO serializer snapshot; this "
                    + "FlinkStream reads version " + VERSION);
        }
        clazz = (Class<T>) SerializerSnapshots.loadClass(in.readUTF(), classLoader);
        fields = NamedFieldSnapshots.read(in, classLoader);
        subclassSnapshot = TypeSerializerSnapshot.readVersionedSnapshot(in, classLoader);
    }

    /**
     * A serializer reading data in the layout this snapshot describes into instances of the current class.
     *
     * @throws IllegalStateException if the class is now a record, abstract, or has no no-argument constructor
     */
    @Override
    public TypeSerializer<T> restoreSerializer() {
        if (clazz.isRecord() || Modifier.isAbstract(clazz.getModifiers())
                || FieldAccess.noArgConstructor(clazz) == null) {
            throw new IllegalStateException("The state of " + clazz.getName() + " was written as a POJO, but "
                    + clazz.getName() + " is now " + (clazz.isRecord() ? "a record" : "not a POJO (abstract, or "
                    + "without a no-argument constructor)") + ": FlinkStream cannot read it into the new class. Keep "
                    + "the class a POJO, or start the job without this state");
        }
        int n = fields.size();
        String[] names = new String[n];
        String[] typeNames = new String[n];
        TypeSerializer<?>[] serializers = new TypeSerializer<?>[n];
        for (int i = 0; i < n; i++) {
            names[i] = fields.get(i).name();
            typeNames[i] = fields.get(i).typeName();
            serializers[i] = fields.get(i).snapshot().restoreSerializer();
        }
        return new PojoSerializer<>(clazz, names, typeNames, serializers,
                (KryoSerializer<T>) subclassSnapshot.restoreSerializer());
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSerializerSnapshot) {
        if (oldSerializerSnapshot instanceof KryoSerializer.KryoSerializerSnapshot<T> kryo) {
            // The generic serializer reads the old data; the values are then POJOs this serializer writes.
            return kryo.getType() == clazz
                    ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible("the state was written by the generic "
                            + "serializer for " + kryo.getType().getName() + ", not " + clazz.getName());
        }
        if (oldSerializerSnapshot instanceof RecordSerializerSnapshot<T> record) {
            return TypeSerializerSchemaCompatibility.incompatible(clazz.getName() + " was a record when the state "
                    + "was written and is now a POJO: FlinkStream does not migrate state between records and POJOs; "
                    + "keep it a record, or start the job without this state");
        }
        if (!(oldSerializerSnapshot instanceof PojoSerializerSnapshot<T> old)) {
            return TypeSerializerSchemaCompatibility.incompatible("the state of " + clazz.getName() + " was written "
                    + "by another serializer (" + oldSerializerSnapshot.getClass().getName() + ")");
        }
        if (!old.clazz.getName().equals(clazz.getName())) {
            return TypeSerializerSchemaCompatibility.incompatible("the POJO class changed from "
                    + old.clazz.getName() + " to " + clazz.getName());
        }
        TypeSerializerSchemaCompatibility<T> result = NamedFieldSnapshots.resolve(fields, old.fields);
        if (result.isIncompatible()) {
            return result;
        }
        TypeSerializerSchemaCompatibility<T> subclasses =
                subclassSnapshot.resolveSchemaCompatibility(old.subclassSnapshot);
        return TypeSerializerSchemaCompatibility.weakest(result, subclasses);
    }

    @Override
    public String toString() {
        return "PojoSerializerSnapshot(" + clazz.getName() + ", " + fieldNames() + ")";
    }
}
