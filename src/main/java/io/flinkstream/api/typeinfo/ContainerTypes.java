package io.flinkstream.api.typeinfo;

import io.flinkstream.api.tuple.Tuple;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The type rules for arrays, enums, tuples, lists, maps and Optional; used by {@link TypeExtractor}.
 *
 * <p>Only {@code List}, {@code ArrayList}, {@code Map} and {@code HashMap} become list and map types, since their
 * serializers give back an ArrayList or a HashMap; other collections (LinkedList, TreeMap, sets) stay generic, so the
 * generic serializer keeps their class. A tuple subclass becomes a tuple type only when it adds no fields and has a
 * no-argument constructor; otherwise the POJO rules or the generic serializer take it.
 */
final class ContainerTypes {
    private ContainerTypes() {
    }

    /** The type of {@code cls} if it is one of this class's kinds, else null. */
    static TypeInformation<?> forClass(Class<?> cls) {
        if (cls.isArray()) {
            return forArrayClass(cls);
        }
        if (cls.isEnum()) {
            return enumType(cls);
        }
        if (cls.getSuperclass() != null && cls.getSuperclass().isEnum()) {
            // A constant with a body is an anonymous subclass of its enum.
            return enumType(cls.getSuperclass());
        }
        if (Tuple.class.isAssignableFrom(cls)) {
            return forTuple(cls, cls);
        }
        TypeInformation<Object> unknown = new GenericTypeInfo<>(Object.class);
        if (cls == List.class || cls == ArrayList.class) {
            return new ListTypeInfo<>(unknown);
        }
        if (cls == Map.class || cls == HashMap.class) {
            return new MapTypeInfo<>(unknown, unknown);
        }
        if (cls == Optional.class) {
            return new OptionalTypeInfo<>(unknown);
        }
        return null;
    }

    /** The type of {@code type} if its raw class is one of this class's kinds, else null. */
    static TypeInformation<?> forParameterized(ParameterizedType type) {
        Class<?> raw = (Class<?>) type.getRawType();
        Type[] args = type.getActualTypeArguments();
        if (Tuple.class.isAssignableFrom(raw)) {
            return forTuple(raw, type);
        }
        if (raw == List.class || raw == ArrayList.class) {
            return new ListTypeInfo<>(TypeExtractor.create(args[0]));
        }
        if (raw == Map.class || raw == HashMap.class) {
            return new MapTypeInfo<>(TypeExtractor.create(args[0]), TypeExtractor.create(args[1]));
        }
        if (raw == Optional.class) {
            return new OptionalTypeInfo<>(TypeExtractor.create(args[0]));
        }
        return null;
    }

    /** The type of an array of a parameterized type or a type variable: {@code List<String>[]}, {@code T[]}. */
    static TypeInformation<?> forGenericArray(GenericArrayType type) {
        return ObjectArrayTypeInfo.getInfoFor(TypeExtractor.erase(type),
                TypeExtractor.create(type.getGenericComponentType()));
    }

    private static TypeInformation<?> forArrayClass(Class<?> cls) {
        TypeInformation<?> primitive = PrimitiveArrayTypeInfo.getInfoFor(cls);
        if (primitive != null) {
            return primitive;
        }
        TypeInformation<?> basic = BasicArrayTypeInfo.getInfoFor(cls);
        if (basic != null) {
            return basic;
        }
        return ObjectArrayTypeInfo.getInfoFor(cls, TypeExtractor.create(cls.getComponentType()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeInformation<?> enumType(Class<?> enumClass) {
        return new EnumTypeInfo(enumClass);
    }

    /**
     * The tuple type of {@code cls} (the erasure of {@code type}), its field types found by following the generic
     * superclasses up to the {@code TupleN} it extends; null when it cannot be serialized as a tuple.
     */
    static TypeInformation<?> forTuple(Class<?> cls, Type type) {
        if (whyNotTuple(cls) != null) {
            return null;
        }
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        bind(type, bindings);
        Class<?> c = cls;
        while (c.getSuperclass() != Tuple.class) {
            bind(substitute(c.getGenericSuperclass(), bindings), bindings);
            c = c.getSuperclass();
        }
        TypeVariable<?>[] parameters = c.getTypeParameters();
        TypeInformation<?>[] fields = new TypeInformation<?>[parameters.length];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = TypeExtractor.create(substitute(parameters[i], bindings));
        }
        return newTupleTypeInfo(cls, fields);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeInformation<?> newTupleTypeInfo(Class<?> cls, TypeInformation<?>[] fields) {
        return new TupleTypeInfo((Class) cls, fields);
    }

    /** Why {@code cls} cannot be serialized as a tuple, or null if it can. */
    static String whyNotTuple(Class<?> cls) {
        if (cls == Tuple.class || Modifier.isAbstract(cls.getModifiers()) || cls.isInterface()) {
            return cls.getName() + " is abstract: name a concrete tuple class such as Tuple2";
        }
        for (Class<?> c = cls; c.getSuperclass() != Tuple.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    return cls.getName() + " adds the field '" + field.getName() + "' to its tuple fields, which "
                            + "a tuple serializer would lose: make it a POJO or keep the data in the fields f0..";
                }
            }
        }
        try {
            cls.getDeclaredConstructor();
            return null;
        } catch (NoSuchMethodException e) {
            return cls.getName() + " has no no-argument constructor, which the tuple serializer creates values "
                    + "with: add one (it may be private)";
        }
    }

    private static void bind(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof ParameterizedType parameterized) {
            TypeVariable<?>[] variables = ((Class<?>) parameterized.getRawType()).getTypeParameters();
            Type[] args = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length && i < args.length; i++) {
                bindings.put(variables[i], args[i]);
            }
        }
    }

    /** {@code type} with the bound type variables replaced, inside type arguments too. */
    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> variable) {
            Type bound = bindings.get(variable);
            return bound == null ? variable : bound;
        }
        if (type instanceof ParameterizedType parameterized) {
            Type[] args = parameterized.getActualTypeArguments();
            Type[] resolved = new Type[args.length];
            for (int i = 0; i < args.length; i++) {
                resolved[i] = substitute(args[i], bindings);
            }
            return new Resolved((Class<?>) parameterized.getRawType(), resolved, parameterized.getOwnerType());
        }
        return type;
    }

    /** A parameterized type whose arguments were substituted. */
    private record Resolved(Class<?> raw, Type[] args, Type owner) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
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
        public boolean equals(Object o) {
            return o instanceof Resolved r && r.raw == raw && Arrays.equals(r.args, args);
        }

        @Override
        public int hashCode() {
            return 31 * raw.hashCode() + Arrays.hashCode(args);
        }

        @Override
        public String toString() {
            return raw.getName() + Arrays.toString(args);
        }
    }
}
