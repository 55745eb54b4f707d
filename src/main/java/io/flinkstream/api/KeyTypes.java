package io.flinkstream.api;

import io.flinkstream.api.typeinfo.BasicArrayTypeInfo;
import io.flinkstream.api.typeinfo.EnumTypeInfo;
import io.flinkstream.api.typeinfo.ListTypeInfo;
import io.flinkstream.api.typeinfo.MapTypeInfo;
import io.flinkstream.api.typeinfo.OptionalTypeInfo;
import io.flinkstream.api.typeinfo.RecordTypeInfo;
import io.flinkstream.api.typeinfo.TupleTypeInfo;
import io.flinkstream.api.typeinfo.GenericTypeInfo;
import io.flinkstream.api.typeinfo.ObjectArrayTypeInfo;
import io.flinkstream.api.typeinfo.PojoTypeInfo;
import io.flinkstream.api.typeinfo.PrimitiveArrayTypeInfo;
import io.flinkstream.api.typeinfo.TypeInformation;

import java.lang.reflect.Modifier;

/**
 * Which types can be keys, as Flink decides it at {@code keyBy}: records are routed by the key's {@code hashCode} and
 * state is found by its {@code equals}, so a key type must define both by value. Arrays (identity-based) and classes
 * that inherit {@code Object}'s methods are refused; a type erasure hid cannot be checked and is let through.
 */
final class KeyTypes {
    private KeyTypes() {
    }

    /** @throws InvalidJobException naming the type and what to use instead */
    static void check(TypeInformation<?> keyType) {
        Class<?> type = keyType.getTypeClass();
        if (keyType instanceof PrimitiveArrayTypeInfo<?> || keyType instanceof BasicArrayTypeInfo<?, ?>
                || keyType instanceof ObjectArrayTypeInfo<?, ?> || type.isArray()) {
            throw refused(keyType, "an array's hashCode and equals are those of the array object, not of its "
                    + "elements, so equal keys would go to different subtasks and find different state");
        }
        boolean classChecked = keyType instanceof GenericTypeInfo<?> || keyType instanceof PojoTypeInfo<?>;
        if (classChecked && inheritsObjectHashCode(type)) {
            throw refused(keyType, type.getName() + " does not override hashCode() and equals(), so equal keys "
                    + "would go to different subtasks and find different state");
        }
        String identityHashed = identityHashedPart(keyType, "the key");
        if (identityHashed != null) {
            throw refused(keyType, identityHashed + " is an enum, whose hashCode() is the object's identity: it "
                    + "differs from one JVM to the next, so after a restart, or on a cluster, the same key would be "
                    + "sent to another subtask than its state. Key by the enum's name() or ordinal() instead");
        }
    }

    /**
     * The part of a key type whose hash code goes into the key's and is an enum's identity hash code: the type itself,
     * or a field of a tuple, a component of a record, the element of a list or an optional, a map's key or value.
     * A POJO's or another class's own {@code hashCode()} is its author's to get right and is not looked into.
     */
    private static String identityHashedPart(TypeInformation<?> type, String where) {
        if (type instanceof EnumTypeInfo<?> || type.getTypeClass().isEnum()) {
            return where + " (" + type.getTypeClass().getName() + ")";
        }
        if (type instanceof TupleTypeInfo<?> tuple) {
            for (int i = 0; i < tuple.getArity(); i++) {
                String part = identityHashedPart(tuple.getTypeAt(i), "field f" + i + " of " + where);
                if (part != null) {
                    return part;
                }
            }
        } else if (type instanceof RecordTypeInfo<?> record && recordHashesComponents(record.getTypeClass())) {
            for (int i = 0; i < record.getArity(); i++) {
                String part = identityHashedPart(record.getTypeAt(i),
                        "component " + record.getComponentNames().get(i) + " of " + where);
                if (part != null) {
                    return part;
                }
            }
        } else if (type instanceof ListTypeInfo<?> list) {
            return identityHashedPart(list.getElementTypeInfo(), "the elements of " + where);
        } else if (type instanceof OptionalTypeInfo<?> optional) {
            return identityHashedPart(optional.getElementTypeInfo(), "the value of " + where);
        } else if (type instanceof MapTypeInfo<?, ?> map) {
            String part = identityHashedPart(map.getKeyTypeInfo(), "the keys of " + where);
            return part != null ? part : identityHashedPart(map.getValueTypeInfo(), "the values of " + where);
        }
        return null;
    }

    /**
     * Whether a record's {@code hashCode()} is the compiler's, which hashes every component. The compiler's is
     * declared by the class too, as a {@code final} method calling {@code ObjectMethods}; an author's is rarely
     * {@code final}, so a non-final declared {@code hashCode()} is taken to be the author's, who may have hashed an
     * enum by its name.
     */
    static boolean recordHashesComponents(Class<?> recordClass) {
        try {
            java.lang.reflect.Method hashCode = recordClass.getDeclaredMethod("hashCode");
            return Modifier.isFinal(hashCode.getModifiers());
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private static boolean inheritsObjectHashCode(Class<?> type) {
        if (type == Object.class || type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isEnum()) {
            return false; // cannot tell from the declared type; enums are refused for another reason
        }
        try {
            return type.getMethod("hashCode").getDeclaringClass() == Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static InvalidJobException refused(TypeInformation<?> keyType, String why) {
        return new InvalidJobException("keyBy(...) returns keys of type " + keyType + ", which cannot be a key: "
                + why + ". Key by a String, a number, a tuple, a record or a POJO that overrides hashCode() and "
                + "equals()");
    }
}
