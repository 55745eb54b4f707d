package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.GenericArraySerializer;

import java.lang.reflect.Array;

/**
 * The type of an array whose components have any non-basic type: {@code Tuple2<String, Long>[]}, {@code int[][]},
 * {@code MyPojo[]}, … Elements are serialized and deep-copied by the component type's serializer, null included.
 * Flink's name: {@code ObjectArrayTypeInfo.getInfoFor(Types.TUPLE(Types.STRING, Types.LONG))}, or
 * {@code Types.OBJECT_ARRAY(...)}.
 *
 * @param <T> the array type
 * @param <C> the component type
 */
public final class ObjectArrayTypeInfo<T, C> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> arrayClass;
    private final TypeInformation<C> componentInfo;

    private ObjectArrayTypeInfo(Class<T> arrayClass, TypeInformation<C> componentInfo) {
        this.arrayClass = arrayClass;
        this.componentInfo = componentInfo;
    }

    /** The type of arrays of {@code componentInfo}, their class {@code arrayClass}. */
    public static <T, C> ObjectArrayTypeInfo<T, C> getInfoFor(Class<T> arrayClass, TypeInformation<C> componentInfo) {
        if (arrayClass == null || !arrayClass.isArray() || arrayClass.getComponentType().isPrimitive()) {
            throw new IllegalArgumentException("ObjectArrayTypeInfo needs the class of an array of objects, got "
                    + arrayClass);
        }
        if (componentInfo == null) {
            throw new NullPointerException("ObjectArrayTypeInfo needs the component type");
        }
        return new ObjectArrayTypeInfo<>(arrayClass, componentInfo);
    }

    /** The type of arrays of {@code componentInfo}, their class that of arrays of its type class. */
    @SuppressWarnings("unchecked")
    public static <C> ObjectArrayTypeInfo<C[], C> getInfoFor(TypeInformation<C> componentInfo) {
        if (componentInfo == null) {
            throw new NullPointerException("ObjectArrayTypeInfo needs the component type");
        }
        Class<C[]> arrayClass = (Class<C[]>) Array.newInstance(componentInfo.getTypeClass(), 0).getClass();
        return getInfoFor(arrayClass, componentInfo);
    }

    /** The type of the elements. */
    public TypeInformation<C> getComponentInfo() {
        return componentInfo;
    }

    @Override
    public Class<T> getTypeClass() {
        return arrayClass;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        Class<C> componentClass = (Class<C>) arrayClass.getComponentType();
        return (TypeSerializer<T>) new GenericArraySerializer<>(componentClass, componentInfo.createSerializer(config));
    }

    /** As Flink writes it: {@code ObjectArrayTypeInfo<Java Tuple2<String, Long>>}. */
    @Override
    public String toString() {
        return "ObjectArrayTypeInfo<" + componentInfo + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ObjectArrayTypeInfo<?, ?> other && other.arrayClass == arrayClass
                && other.componentInfo.equals(componentInfo);
    }

    @Override
    public int hashCode() {
        return 31 * arrayClass.hashCode() + componentInfo.hashCode();
    }
}
