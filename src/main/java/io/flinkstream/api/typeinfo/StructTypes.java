package io.flinkstream.api.typeinfo;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The type rules for Java records and POJOs; used by {@link TypeExtractor}. Records come first: a record is a
 * {@link RecordTypeInfo}; a class that follows {@link PojoRules} is a {@link PojoTypeInfo}; anything else is left to
 * the generic type. Field and component types are found recursively, with the class's type variables bound to the
 * arguments of a parameterized type ({@code Box<Long>}); a class met again while its own fields are being found (a
 * linked list node) is generic there, as in Flink.
 */
final class StructTypes {
    /** The classes whose fields are being found on this thread, to stop at recursive types. */
    private static final ThreadLocal<Set<Class<?>>> IN_PROGRESS = ThreadLocal.withInitial(HashSet::new);

    private StructTypes() {
    }

    /** The type of {@code cls} if it is a record or follows the POJO rules, else null. */
    static TypeInformation<?> forClass(Class<?> cls) {
        return create(cls, Map.of());
    }

    /** The type of {@code type} if its raw class is a record or a POJO, with type variables bound, else null. */
    static TypeInformation<?> forParameterized(ParameterizedType type) {
        Class<?> raw = (Class<?>) type.getRawType();
        return create(raw, bind(raw, type.getActualTypeArguments(), Map.of()));
    }

    /**
     * The POJO type of {@code cls}, by {@code Types.POJO(cls)}.
     *
     * @throws IllegalArgumentException naming the POJO rule {@code cls} breaks
     */
    static <T> PojoTypeInfo<T> pojo(Class<T> cls) {
        String violation = PojoRules.violation(cls);
        if (violation != null) {
            throw new IllegalArgumentException(cls.getName() + " is not a POJO: " + violation + ". A POJO is a "
                    + "public, non-inner class with a public no-argument constructor whose fields are public and "
                    + "non-final, or have public getters and setters");
        }
        @SuppressWarnings("unchecked")
        PojoTypeInfo<T> pojo = (PojoTypeInfo<T>) create(cls, Map.of());
        return pojo;
    }

    /**
     * The POJO type of {@code cls} with exactly the fields {@code fields}, by {@code Types.POJO(cls, fields)}.
     *
     * @throws IllegalArgumentException if the class breaks a POJO class rule or lacks one of the fields
     */
    static <T> PojoTypeInfo<T> pojo(Class<T> cls, Map<String, TypeInformation<?>> fields) {
        String violation = PojoRules.classViolation(cls);
        if (violation != null) {
            throw new IllegalArgumentException(cls.getName() + " is not a POJO: " + violation);
        }
        List<Field> declared = PojoRules.serializedFields(cls);
        List<PojoField> pojoFields = new ArrayList<>();
        for (Map.Entry<String, TypeInformation<?>> entry : fields.entrySet()) {
            Field field = declared.stream().filter(f -> f.getName().equals(entry.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(cls.getName() + " has no non-static, "
                            + "non-transient field '" + entry.getKey() + "'"));
            pojoFields.add(new PojoField(field, Objects.requireNonNull(entry.getValue(), entry.getKey())));
        }
        return new PojoTypeInfo<>(cls, pojoFields);
    }

    /** Whether {@code cls} overrides both equals and hashCode. */
    static boolean overridesEquality(Class<?> cls) {
        try {
            Method equals = cls.getMethod("equals", Object.class);
            Method hashCode = cls.getMethod("hashCode");
            return equals.getDeclaringClass() != Object.class && hashCode.getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static TypeInformation<?> create(Class<?> cls, Map<TypeVariable<?>, Type> bindings) {
        if (!cls.isRecord() && PojoRules.violation(cls) != null) {
            return null;
        }
        Set<Class<?>> inProgress = IN_PROGRESS.get();
        if (!inProgress.add(cls)) {
            return null;
        }
        try {
            return cls.isRecord() ? recordOf(cls, bindings) : pojoOf(cls, bindings);
        } finally {
            inProgress.remove(cls);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeInformation<?> recordOf(Class<?> cls, Map<TypeVariable<?>, Type> bindings) {
        List<TypeInformation<?>> types = new ArrayList<>();
        for (RecordComponent component : cls.getRecordComponents()) {
            types.add(TypeExtractor.create(resolve(component.getGenericType(), bindings)));
        }
        return new RecordTypeInfo(cls, types);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeInformation<?> pojoOf(Class<?> cls, Map<TypeVariable<?>, Type> bindings) {
        List<PojoField> fields = new ArrayList<>();
        Map<TypeVariable<?>, Type> levelBindings = bindings;
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : PojoRules.serializedFields(c)) {
                if (field.getDeclaringClass() == c) {
                    Type type = resolve(field.getGenericType(), levelBindings);
                    fields.add(new PojoField(field, TypeExtractor.create(type)));
                }
            }
            Type superType = c.getGenericSuperclass();
            levelBindings = superType instanceof ParameterizedType parameterized
                    ? bind((Class<?>) parameterized.getRawType(), parameterized.getActualTypeArguments(), levelBindings)
                    : Map.of();
        }
        return new PojoTypeInfo(cls, fields);
    }

    private static Map<TypeVariable<?>, Type> bind(Class<?> raw, Type[] arguments,
                                                   Map<TypeVariable<?>, Type> outer) {
        TypeVariable<?>[] variables = raw.getTypeParameters();
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (int i = 0; i < variables.length && i < arguments.length; i++) {
            bindings.put(variables[i], resolve(arguments[i], outer));
        }
        return bindings;
    }

    /** {@code type} with the variables of {@code bindings} replaced by what they are bound to. */
    private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (bindings.isEmpty()) {
            return type;
        }
        if (type instanceof TypeVariable<?> variable) {
            return bindings.getOrDefault(variable, variable);
        }
        if (type instanceof ParameterizedType parameterized) {
            Type[] arguments = parameterized.getActualTypeArguments().clone();
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = resolve(arguments[i], bindings);
            }
            return new BoundType((Class<?>) parameterized.getRawType(), arguments, parameterized.getOwnerType());
        }
        if (type instanceof GenericArrayType array) {
            Type component = resolve(array.getGenericComponentType(), bindings);
            return component instanceof Class<?> cls ? cls.arrayType() : array;
        }
        return type;
    }

    /** A parameterized type whose variables were bound: {@code List<T>} in {@code Box<Long>} is {@code List<Long>}. */
    private record BoundType(Class<?> raw, Type[] arguments, Type owner) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return owner;
        }

        @Override
        public String getTypeName() {
            return raw.getTypeName() + Arrays.stream(arguments).map(Type::getTypeName)
                    .collect(java.util.stream.Collectors.joining(", ", "<", ">"));
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof ParameterizedType other && raw.equals(other.getRawType())
                    && Objects.equals(owner, other.getOwnerType())
                    && Arrays.equals(arguments, other.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(arguments) ^ Objects.hashCode(owner) ^ raw.hashCode();
        }

        @Override
        public String toString() {
            return getTypeName();
        }
    }
}
