package io.flinkstream.api.typeinfo;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The type arguments a class gives one of its generic supertypes: walks the generic superclass and interfaces from
 * the class up to the supertype, binding each supertype's type variables to what its subclass wrote. With
 * {@code class A<X> implements MapFunction<X, List<X>>} and {@code class B extends A<String>}, B gives MapFunction
 * {@code [String, List<String>]}. Variables nothing binds (raw inheritance, a class's own parameters) stay in the
 * result as variables. Pure.
 */
final class TypeArguments {
    private TypeArguments() {
    }

    /**
     * The type arguments of {@code supertype} as {@code cls} inherits it, one per type parameter of
     * {@code supertype}; null if {@code cls} is not a subtype of {@code supertype}.
     */
    static Type[] of(Class<?> cls, Class<?> supertype) {
        if (!supertype.isAssignableFrom(cls)) {
            return null;
        }
        return walk(cls, supertype, Map.of());
    }

    /** {@code cls} is a subtype of {@code supertype}; {@code bindings} are what its subclass bound cls's variables to. */
    private static Type[] walk(Class<?> cls, Class<?> supertype, Map<TypeVariable<?>, Type> bindings) {
        if (cls == supertype) {
            TypeVariable<?>[] parameters = supertype.getTypeParameters();
            Type[] arguments = new Type[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                arguments[i] = substitute(parameters[i], bindings);
            }
            return arguments;
        }
        for (Type parent : directSupertypes(cls)) {
            Class<?> raw = TypeExtractor.erase(parent);
            if (!supertype.isAssignableFrom(raw)) {
                continue;
            }
            // A raw parent (implements MapFunction) binds nothing: its variables stay unbound.
            Map<TypeVariable<?>, Type> parentBindings = new HashMap<>();
            if (parent instanceof ParameterizedType parameterized) {
                TypeVariable<?>[] parameters = raw.getTypeParameters();
                Type[] arguments = parameterized.getActualTypeArguments();
                for (int i = 0; i < parameters.length && i < arguments.length; i++) {
                    parentBindings.put(parameters[i], substitute(arguments[i], bindings));
                }
            }
            return walk(raw, supertype, parentBindings);
        }
        return null;
    }

    private static List<Type> directSupertypes(Class<?> cls) {
        List<Type> parents = new ArrayList<>();
        if (cls.getGenericSuperclass() != null) {
            parents.add(cls.getGenericSuperclass());
        }
        parents.addAll(Arrays.asList(cls.getGenericInterfaces()));
        return parents;
    }

    /** {@code type} with every variable of {@code bindings} replaced by its binding. */
    static Type substitute(Type type, Map<? extends TypeVariable<?>, ? extends Type> bindings) {
        if (type instanceof TypeVariable<?> variable) {
            Type bound = bindings.get(variable);
            return bound != null ? bound : variable;
        }
        if (type instanceof ParameterizedType parameterized) {
            Type[] arguments = parameterized.getActualTypeArguments();
            Type[] substituted = substituteAll(arguments, bindings);
            Type owner = parameterized.getOwnerType() == null ? null
                    : substitute(parameterized.getOwnerType(), bindings);
            if (Arrays.equals(arguments, substituted) && Objects.equals(owner, parameterized.getOwnerType())) {
                return type;
            }
            return new BoundParameterizedType((Class<?>) parameterized.getRawType(), substituted, owner);
        }
        if (type instanceof GenericArrayType array) {
            Type component = substitute(array.getGenericComponentType(), bindings);
            if (component instanceof Class<?> cls) {
                return Array.newInstance(cls, 0).getClass();
            }
            return component == array.getGenericComponentType() ? type : new BoundArrayType(component);
        }
        if (type instanceof WildcardType wildcard) {
            Type[] upper = substituteAll(wildcard.getUpperBounds(), bindings);
            Type[] lower = substituteAll(wildcard.getLowerBounds(), bindings);
            if (Arrays.equals(upper, wildcard.getUpperBounds()) && Arrays.equals(lower, wildcard.getLowerBounds())) {
                return type;
            }
            return new BoundWildcardType(upper, lower);
        }
        return type;
    }

    private static Type[] substituteAll(Type[] types, Map<? extends TypeVariable<?>, ? extends Type> bindings) {
        Type[] substituted = new Type[types.length];
        for (int i = 0; i < types.length; i++) {
            substituted[i] = substitute(types[i], bindings);
        }
        return substituted;
    }

    /** Whether {@code type} still mentions a type variable anywhere. */
    static boolean hasTypeVariables(Type type) {
        if (type instanceof TypeVariable<?>) {
            return true;
        }
        if (type instanceof ParameterizedType parameterized) {
            return anyHasTypeVariables(parameterized.getActualTypeArguments())
                    || (parameterized.getOwnerType() != null && hasTypeVariables(parameterized.getOwnerType()));
        }
        if (type instanceof GenericArrayType array) {
            return hasTypeVariables(array.getGenericComponentType());
        }
        if (type instanceof WildcardType wildcard) {
            return anyHasTypeVariables(wildcard.getUpperBounds()) || anyHasTypeVariables(wildcard.getLowerBounds());
        }
        return false;
    }

    private static boolean anyHasTypeVariables(Type[] types) {
        for (Type type : types) {
            if (hasTypeVariables(type)) {
                return true;
            }
        }
        return false;
    }

    /** A parameterized type built by substitution; equal to the JDK's for the same raw type, arguments and owner. */
    private static final class BoundParameterizedType implements ParameterizedType {
        private final Class<?> rawType;
        private final Type[] arguments;
        private final Type ownerType;

        BoundParameterizedType(Class<?> rawType, Type[] arguments, Type ownerType) {
            this.rawType = rawType;
            this.arguments = arguments.clone();
            this.ownerType = ownerType;
        }

        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return rawType;
        }

        @Override
        public Type getOwnerType() {
            return ownerType;
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof ParameterizedType other && rawType.equals(other.getRawType())
                    && Objects.equals(ownerType, other.getOwnerType())
                    && Arrays.equals(arguments, other.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            // The JDK's formula, so that equal types hash alike whichever built them.
            return Arrays.hashCode(arguments) ^ Objects.hashCode(ownerType) ^ Objects.hashCode(rawType);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(rawType.getTypeName());
            if (arguments.length > 0) {
                text.append('<');
                for (int i = 0; i < arguments.length; i++) {
                    text.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
                }
                text.append('>');
            }
            return text.toString();
        }
    }

    private record BoundArrayType(Type getGenericComponentType) implements GenericArrayType {
        @Override
        public boolean equals(Object obj) {
            return obj instanceof GenericArrayType other
                    && getGenericComponentType.equals(other.getGenericComponentType());
        }

        @Override
        public int hashCode() {
            return getGenericComponentType.hashCode();
        }

        @Override
        public String toString() {
            return getGenericComponentType.getTypeName() + "[]";
        }
    }

    private record BoundWildcardType(Type[] upper, Type[] lower) implements WildcardType {
        @Override
        public Type[] getUpperBounds() {
            return upper.clone();
        }

        @Override
        public Type[] getLowerBounds() {
            return lower.clone();
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof WildcardType other && Arrays.equals(upper, other.getUpperBounds())
                    && Arrays.equals(lower, other.getLowerBounds());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(upper) ^ Arrays.hashCode(lower);
        }

        @Override
        public String toString() {
            if (lower.length > 0) {
                return "? super " + lower[0].getTypeName();
            }
            return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + upper[0].getTypeName();
        }
    }
}
