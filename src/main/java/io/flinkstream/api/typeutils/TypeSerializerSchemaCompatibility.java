package io.flinkstream.api.typeutils;

/**
 * Whether a new serializer can take over state written by an old one, as
 * {@link TypeSerializerSnapshot#resolveSchemaCompatibility(TypeSerializerSnapshot)} decides it.
 *
 * @param <T> the type serialized
 */
public final class TypeSerializerSchemaCompatibility<T> {
    /** The kinds of outcome. */
    public enum Type {
        /** The new serializer reads the old data as it is. */
        COMPATIBLE_AS_IS,
        /** The old data must be read with the old serializer and written again with the new one. */
        COMPATIBLE_AFTER_MIGRATION,
        /** A reconfigured new serializer reads the old data as it is. */
        COMPATIBLE_WITH_RECONFIGURED_SERIALIZER,
        /** The old data cannot become values of the new type. */
        INCOMPATIBLE
    }

    private final Type type;
    private final TypeSerializer<T> reconfiguredSerializer;
    private final String reason;

    private TypeSerializerSchemaCompatibility(Type type, TypeSerializer<T> reconfiguredSerializer, String reason) {
        this.type = type;
        this.reconfiguredSerializer = reconfiguredSerializer;
        this.reason = reason;
    }

    public static <T> TypeSerializerSchemaCompatibility<T> compatibleAsIs() {
        return new TypeSerializerSchemaCompatibility<>(Type.COMPATIBLE_AS_IS, null, null);
    }

    public static <T> TypeSerializerSchemaCompatibility<T> compatibleAfterMigration() {
        return new TypeSerializerSchemaCompatibility<>(Type.COMPATIBLE_AFTER_MIGRATION, null, null);
    }

    public static <T> TypeSerializerSchemaCompatibility<T> compatibleWithReconfiguredSerializer(
            TypeSerializer<T> reconfigured) {
        return new TypeSerializerSchemaCompatibility<>(Type.COMPATIBLE_WITH_RECONFIGURED_SERIALIZER, reconfigured,
                null);
    }

    public static <T> TypeSerializerSchemaCompatibility<T> incompatible() {
        return new TypeSerializerSchemaCompatibility<>(Type.INCOMPATIBLE, null, null);
    }

    /** Incompatible, with the reason for the error message (e.g. "field 'count' changed from Long to String"). */
    public static <T> TypeSerializerSchemaCompatibility<T> incompatible(String reason) {
        return new TypeSerializerSchemaCompatibility<>(Type.INCOMPATIBLE, null, reason);
    }

    public boolean isCompatibleAsIs() {
        return type == Type.COMPATIBLE_AS_IS;
    }

    public boolean isCompatibleAfterMigration() {
        return type == Type.COMPATIBLE_AFTER_MIGRATION;
    }

    public boolean isCompatibleWithReconfiguredSerializer() {
        return type == Type.COMPATIBLE_WITH_RECONFIGURED_SERIALIZER;
    }

    public boolean isIncompatible() {
        return type == Type.INCOMPATIBLE;
    }

    /** The serializer to use, for {@link Type#COMPATIBLE_WITH_RECONFIGURED_SERIALIZER}. */
    public TypeSerializer<T> getReconfiguredSerializer() {
        return reconfiguredSerializer;
    }

    /** Why the data is incompatible, or null when unknown or compatible. */
    public String reason() {
        return reason;
    }

    /** The weaker of two outcomes (for composite types: a tuple is as compatible as its least compatible field). */
    public static <T> TypeSerializerSchemaCompatibility<T> weakest(TypeSerializerSchemaCompatibility<?> a,
                                                                   TypeSerializerSchemaCompatibility<?> b) {
        TypeSerializerSchemaCompatibility<?> weaker = a.type.ordinal() >= b.type.ordinal() ? a : b;
        if (weaker.type == Type.COMPATIBLE_WITH_RECONFIGURED_SERIALIZER) {
            return compatibleAfterMigration();
        }
        return new TypeSerializerSchemaCompatibility<>(weaker.type, null, weaker.reason);
    }

    @Override
    public String toString() {
        return type + (reason == null ? "" : " (" + reason + ")");
    }
}
