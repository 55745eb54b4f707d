package io.flinkstream.api.typeinfo;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;

/**
 * Finds the {@link TypeInformation} of a Java type by Flink's rules, in this order: basic types; arrays; enums;
 * tuples; lists, maps and Optional; records; POJOs; anything else is generic. A type variable or wildcard erasure left
 * unresolved becomes the generic type of its bound, never an error. Pure and thread-safe.
 */
public final class TypeExtractor {
    private TypeExtractor() {
    }

    /** The type of {@code type}. */
    @SuppressWarnings("unchecked")
    public static <T> TypeInformation<T> createTypeInfo(Type type) {
        return (TypeInformation<T>) create(type);
    }

    static TypeInformation<?> create(Type type) {
        if (type instanceof Class<?> cls) {
            return forClass(cls);
        }
        if (type instanceof ParameterizedType parameterized) {
            return forParameterized(parameterized);
        }
        if (type instanceof GenericArrayType array) {
            return ContainerTypes.forGenericArray(array);
        }
        if (type instanceof TypeVariable<?> variable) {
            Type[] bounds = variable.getBounds();
            return bounds.length > 0 ? new GenericTypeInfo<>(erase(bounds[0])) : new GenericTypeInfo<>(Object.class);
        }
        if (type instanceof WildcardType wildcard) {
            Type[] upper = wildcard.getUpperBounds();
            return upper.length > 0 ? create(upper[0]) : new GenericTypeInfo<>(Object.class);
        }
        return new GenericTypeInfo<>(Object.class);
    }

    private static TypeInformation<?> forClass(Class<?> cls) {
        BasicTypeInfo<?> basic = BasicTypeInfo.getInfoFor(cls);
        if (basic != null) {
            return basic;
        }
        TypeInformation<?> container = ContainerTypes.forClass(cls);
        if (container != null) {
            return container;
        }
        TypeInformation<?> struct = StructTypes.forClass(cls);
        if (struct != null) {
            return struct;
        }
        return new GenericTypeInfo<>(cls);
    }

    private static TypeInformation<?> forParameterized(ParameterizedType type) {
        TypeInformation<?> container = ContainerTypes.forParameterized(type);
        if (container != null) {
            return container;
        }
        TypeInformation<?> struct = StructTypes.forParameterized(type);
        if (struct != null) {
            return struct;
        }
        return forClass(erase(type));
    }

    /** The class of {@code type} after erasure. */
    static Class<?> erase(Type type) {
        if (type instanceof Class<?> cls) {
            return cls;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            return java.lang.reflect.Array.newInstance(erase(array.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof TypeVariable<?> variable) {
            Type[] bounds = variable.getBounds();
            return bounds.length > 0 ? erase(bounds[0]) : Object.class;
        }
        if (type instanceof WildcardType wildcard) {
            Type[] upper = wildcard.getUpperBounds();
            return upper.length > 0 ? erase(upper[0]) : Object.class;
        }
        return Object.class;
    }
}
