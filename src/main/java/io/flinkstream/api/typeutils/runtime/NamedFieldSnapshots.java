package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The named fields of a POJO or the components of a record, as their snapshots store them: per field its name, the
 * name of its declared type (for messages only) and its serializer's snapshot; and the rule by which an old list and
 * a new one are compatible. Pure.
 */
final class NamedFieldSnapshots {
    private NamedFieldSnapshots() {
    }

    /** One field: its name, its declared type's name, and the snapshot of its serializer. */
    record NamedField(String name, String typeName, TypeSerializerSnapshot<?> snapshot) {
    }

    /** The name to store for a field declared as {@code type} whose values {@code serializer} writes. */
    static String typeName(Type type, TypeSerializer<?> serializer) {
        if (type instanceof TypeVariable<?>) {
            // "T" would say nothing in a message; the serializer knows what T was bound to.
            return SerializerSnapshots.typeOf(serializer.snapshotConfiguration()).getName();
        }
        return type.getTypeName();
    }

    static void write(DataOutputView out, List<NamedField> fields) throws IOException {
        out.writeVarInt(fields.size());
        for (NamedField field : fields) {
            out.writeUTF(field.name());
            out.writeUTF(field.typeName());
            TypeSerializerSnapshot.writeVersionedSnapshot(out, field.snapshot());
        }
    }

    static List<NamedField> read(DataInputView in, ClassLoader classLoader) throws IOException {
        int n = in.readLength("the number of fields");
        List<NamedField> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            String typeName = in.readUTF();
            fields.add(new NamedField(name, typeName, TypeSerializerSnapshot.readVersionedSnapshot(in, classLoader)));
        }
        return fields;
    }

    /**
     * Whether data written with the {@code old} fields can be read into the {@code now} fields: as is when the same
     * fields in the same order are each compatible as is; after migration when fields were added, removed or
     * reordered, or one needs migration; incompatible when a field kept its name and its serializer cannot read the
     * old values, the reason naming the field and both types.
     */
    static <T> TypeSerializerSchemaCompatibility<T> resolve(List<NamedField> now, List<NamedField> old) {
        Map<String, NamedField> oldByName = new HashMap<>();
        for (NamedField field : old) {
            oldByName.put(field.name(), field);
        }
        boolean layoutChanged = now.size() != old.size();
        TypeSerializerSchemaCompatibility<T> result = TypeSerializerSchemaCompatibility.compatibleAsIs();
        for (int i = 0; i < now.size(); i++) {
            NamedField field = now.get(i);
            NamedField before = oldByName.get(field.name());
            if (before == null) {
                layoutChanged = true;
                continue;
            }
            layoutChanged |= i >= old.size() || !old.get(i).name().equals(field.name());
            TypeSerializerSchemaCompatibility<?> compatibility = resolveField(field.snapshot(), before.snapshot());
            if (compatibility.isIncompatible()) {
                return TypeSerializerSchemaCompatibility.incompatible(compatibility.reason() != null
                        ? "field '" + field.name() + "': " + compatibility.reason()
                        : "field '" + field.name() + "' changed from " + before.typeName() + " to "
                                + field.typeName());
            }
            result = TypeSerializerSchemaCompatibility.weakest(result, compatibility);
        }
        return layoutChanged
                ? TypeSerializerSchemaCompatibility.weakest(result,
                        TypeSerializerSchemaCompatibility.compatibleAfterMigration())
                : result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeSerializerSchemaCompatibility<?> resolveField(TypeSerializerSnapshot<?> now,
                                                                     TypeSerializerSnapshot<?> old) {
        return ((TypeSerializerSnapshot) now).resolveSchemaCompatibility((TypeSerializerSnapshot) old);
    }
}
