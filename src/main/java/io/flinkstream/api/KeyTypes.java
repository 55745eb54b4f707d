package io.flinkstream.api;

import io.flinkstream.api.typeinfo.BasicArrayTypeInfo;
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
    }

    private static boolean inheritsObjectHashCode(Class<?> type) {
        if (type == Object.class || type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isEnum()) {
            return false; // cannot tell from the declared type, or (enums) identity within the JVM
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
