package io.flinkstream.api.typeinfo;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Flink's POJO rules, each broken one named: the class is public, not an interface, abstract, array or non-static
 * inner class, has a public no-argument constructor and at least one field; every non-static, non-transient field,
 * inherited ones included, is public and non-final or has a public getter ({@code getX}, or {@code isX} for
 * booleans) and setter ({@code setX}), and no two share a name. Pure.
 */
final class PojoRules {
    private PojoRules() {
    }

    /** Why {@code cls} is not a POJO, e.g. "it has no public no-argument constructor", or null if it is one. */
    static String violation(Class<?> cls) {
        String classRule = classViolation(cls);
        if (classRule != null) {
            return classRule;
        }
        List<Field> fields = serializedFields(cls);
        if (fields.isEmpty()) {
            return "it has no non-static, non-transient fields to serialize";
        }
        Set<String> names = new HashSet<>();
        for (Field field : fields) {
            if (!names.add(field.getName())) {
                return "it has two fields named '" + field.getName() + "' (one in " + field.getDeclaringClass().getName()
                        + ", hidden by a subclass's)";
            }
            String fieldRule = fieldViolation(cls, field);
            if (fieldRule != null) {
                return fieldRule;
            }
        }
        return null;
    }

    /** The rules on the class itself: public, static, concrete, with a public no-argument constructor. */
    static String classViolation(Class<?> cls) {
        int mods = cls.getModifiers();
        if (cls.isInterface()) {
            return "it is an interface";
        } else if (cls.isArray() || cls.isPrimitive() || cls.isEnum() || cls.isRecord()) {
            return "it is " + (cls.isArray() ? "an array" : cls.isEnum() ? "an enum" : cls.isRecord() ? "a record"
                    : "a primitive");
        } else if (Modifier.isAbstract(mods)) {
            return "it is abstract";
        } else if (!Modifier.isPublic(mods)) {
            return "it is not public";
        } else if (cls.isAnonymousClass() || cls.isLocalClass()) {
            return "it is an anonymous or local class";
        } else if (cls.isMemberClass() && !Modifier.isStatic(mods)) {
            return "it is a non-static inner class (make it static)";
        }
        try {
            if (!Modifier.isPublic(cls.getDeclaredConstructor().getModifiers())) {
                return "its no-argument constructor is not public";
            }
        } catch (NoSuchMethodException e) {
            return "it has no public no-argument constructor";
        }
        return null;
    }

    /** The non-static, non-transient fields of {@code cls} and its superclasses, the class's own first. */
    static List<Field> serializedFields(Class<?> cls) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                int mods = field.getModifiers();
                if (!Modifier.isStatic(mods) && !Modifier.isTransient(mods) && !field.isSynthetic()) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private static String fieldViolation(Class<?> cls, Field field) {
        int mods = field.getModifiers();
        String name = field.getName();
        if (Modifier.isFinal(mods)) {
            return "its field '" + name + "' is final (a POJO's fields are set after construction)";
        }
        if (!field.trySetAccessible()) {
            return "its field '" + name + "' cannot be reached by reflection (open its package)";
        }
        if (Modifier.isPublic(mods)) {
            return null;
        }
        boolean getter = false;
        boolean setter = false;
        for (Method method : cls.getMethods()) {
            getter |= isGetter(method, field);
            setter |= isSetter(cls, method, field);
        }
        if (getter && setter) {
            return null;
        }
        String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        String get = "public getter get" + capitalized + "()";
        String set = "public setter set" + capitalized + "(...)";
        String missing = !getter && !setter ? get + " and no " + set : !getter ? get : set;
        return "its field '" + name + "' is not public and has no " + missing;
    }

    private static boolean isGetter(Method method, Field field) {
        String name = method.getName();
        boolean bool = field.getType() == boolean.class || field.getType() == Boolean.class;
        boolean named = name.equalsIgnoreCase("get" + field.getName())
                || (bool && name.equalsIgnoreCase("is" + field.getName()));
        return named && method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                && sameType(method.getReturnType(), field);
    }

    private static boolean isSetter(Class<?> cls, Method method, Field field) {
        return method.getName().equalsIgnoreCase("set" + field.getName()) && method.getParameterCount() == 1
                && !Modifier.isStatic(method.getModifiers()) && sameType(method.getParameterTypes()[0], field)
                && (method.getReturnType() == void.class || method.getReturnType() == cls);
    }

    private static boolean sameType(Class<?> accessorType, Field field) {
        // A field of a type variable's type has accessors of its erasure.
        return accessorType == field.getType();
    }
}
