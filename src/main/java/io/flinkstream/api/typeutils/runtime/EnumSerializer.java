package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Serializes the constants of an enum as their position, a variable-length integer (one byte for up to 128
 * constants). Immutable and stateless.
 *
 * <p>The snapshot stores the constants' names in order, so that state survives reordering and adding constants: the
 * serializer restored from an old snapshot reads (and writes) the old positions and maps them by name to the
 * current constants. Removing a constant that old state may hold is incompatible, and the reason names it.
 *
 * @param <E> the enum type
 */
public final class EnumSerializer<E extends Enum<E>> extends TypeSerializer<E> {
    private static final long serialVersionUID = 1L;

    private final Class<E> enumClass;
    /** The constants by the position written: the enum's own order, or an old order restored from a snapshot. */
    private final E[] values;

    /** @param enumClass the enum class, written with the positions of its current constants */
    public EnumSerializer(Class<E> enumClass) {
        this(enumClass, checkedConstants(enumClass));
    }

    private EnumSerializer(Class<E> enumClass, E[] values) {
        this.enumClass = enumClass;
        this.values = values;
    }

    private static <E extends Enum<E>> E[] checkedConstants(Class<E> enumClass) {
        if (enumClass == null || !enumClass.isEnum()) {
            throw new IllegalArgumentException("EnumSerializer needs an enum class, got " + enumClass);
        }
        return enumClass.getEnumConstants();
    }

    /** The enum class. */
    public Class<E> getEnumClass() {
        return enumClass;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public EnumSerializer<E> duplicate() {
        return this;
    }

    @Override
    public E createInstance() {
        return values.length == 0 ? null : values[0];
    }

    @Override
    public E copy(E from) {
        return from;
    }

    @Override
    public void serialize(E record, DataOutputView target) throws IOException {
        target.writeVarInt(positionOf(record));
    }

    private int positionOf(E constant) {
        if (constant.ordinal() < values.length && values[constant.ordinal()] == constant) {
            return constant.ordinal();
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == constant) {
                return i;
            }
        }
        throw new IllegalArgumentException(enumClass.getName() + "." + constant.name() + " did not exist when this "
                + "state was written, so the serializer restored for it cannot write it");
    }

    @Override
    public E deserialize(DataInputView source) throws IOException {
        int position = source.readVarInt();
        if (position < 0 || position >= values.length) {
            throw new IOException("Corrupt data: constant number " + (position & 0xFFFFFFFFL) + " of "
                    + enumClass.getName() + ", which has " + values.length);
        }
        E value = values[position];
        if (value == null) {
            throw new IOException("The state holds a constant of " + enumClass.getName() + " that no longer exists");
        }
        return value;
    }

    @Override
    public int getLength() {
        return values.length <= 128 ? 1 : -1;
    }

    @Override
    public TypeSerializerSnapshot<E> snapshotConfiguration() {
        List<String> names = new ArrayList<>(values.length);
        for (E value : values) {
            names.add(value == null ? null : value.name());
        }
        return new EnumSerializerSnapshot<>(enumClass, names);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof EnumSerializer<?> other && other.enumClass == enumClass
                && Arrays.equals(other.values, values);
    }

    @Override
    public int hashCode() {
        return enumClass.hashCode();
    }

    @Override
    public String toString() {
        return "EnumSerializer(" + enumClass.getName() + ")";
    }

    /**
     * The snapshot of {@link EnumSerializer}: the enum class and the names of its constants in the order their
     * positions were written. Compatible as is when the names are the same; after migration when constants were
     * reordered or added; incompatible when one was removed.
     */
    public static final class EnumSerializerSnapshot<E extends Enum<E>>
            implements TypeSerializerSnapshot<E>, SerializerSnapshots.Typed {
        private Class<E> enumClass;
        private List<String> constantNames;

        /** For reading. */
        public EnumSerializerSnapshot() {
        }

        /**
         * The snapshot of a serializer of {@code enumClass} whose constants had {@code constantNames}, in order (a
         * null name for a position no constant takes).
         */
        public EnumSerializerSnapshot(Class<E> enumClass, List<String> constantNames) {
            this.enumClass = enumClass;
            this.constantNames = new ArrayList<>(constantNames);
        }

        /** The names of the constants, by the position written. */
        public List<String> getConstantNames() {
            return List.copyOf(constantNames);
        }

        @Override
        public Class<?> typeClass() {
            return enumClass;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(enumClass.getName());
            out.writeVarInt(constantNames.size());
            for (String name : constantNames) {
                out.writeBoolean(name != null);
                if (name != null) {
                    out.writeUTF(name);
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != 1) {
                throw new IOException("Unknown version " + readVersion + " of " + getClass().getName());
            }
            Class<?> loaded = SerializerSnapshots.loadClass(in.readUTF(), classLoader);
            if (!loaded.isEnum()) {
                throw new IOException(loaded.getName() + " was an enum when the state was written and is not one "
                        + "now: restore with an enum of that name");
            }
            enumClass = (Class<E>) loaded;
            int n = in.readLength("the number of enum constants");
            constantNames = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                constantNames.add(in.readBoolean() ? in.readUTF() : null);
            }
        }

        /**
         * A serializer that reads the old positions as the current constants of the same names; a position whose
         * constant was removed fails when read.
         */
        @Override
        @SuppressWarnings("unchecked")
        public TypeSerializer<E> restoreSerializer() {
            E[] values = (E[]) java.lang.reflect.Array.newInstance(enumClass, constantNames.size());
            for (int i = 0; i < values.length; i++) {
                values[i] = constantOrNull(constantNames.get(i));
            }
            return new EnumSerializer<>(enumClass, values);
        }

        private E constantOrNull(String name) {
            for (E constant : enumClass.getEnumConstants()) {
                if (constant.name().equals(name)) {
                    return constant;
                }
            }
            return null;
        }

        @Override
        public TypeSerializerSchemaCompatibility<E> resolveSchemaCompatibility(
                TypeSerializerSnapshot<E> oldSerializerSnapshot) {
            if (!(oldSerializerSnapshot instanceof EnumSerializerSnapshot<?> old)) {
                return TypeSerializerSchemaCompatibility.incompatible("the state was written as "
                        + SerializerSnapshots.typeOf(oldSerializerSnapshot).getSimpleName() + " and is now read as "
                        + "the enum " + enumClass.getSimpleName());
            }
            if (old.enumClass != enumClass) {
                return TypeSerializerSchemaCompatibility.incompatible("the enum class changed from "
                        + old.enumClass.getName() + " to " + enumClass.getName());
            }
            for (String name : old.constantNames) {
                if (name != null && !constantNames.contains(name)) {
                    return TypeSerializerSchemaCompatibility.incompatible("the constant " + name + " of "
                            + enumClass.getName() + " was removed, and the state may hold it");
                }
            }
            return old.constantNames.equals(constantNames)
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }
}
