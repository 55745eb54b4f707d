package io.flinkstream.api.state;

import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeutils.TypeSerializer;

/**
 * Describes a {@link ListState}.
 *
 * <pre>{@code new ListStateDescriptor<>("pending", Event.class)}</pre>
 *
 * @param <T> the element type
 */
public final class ListStateDescriptor<T> extends StateDescriptor<ListState<T>, T> {
    private static final long serialVersionUID = 1L;

    /**
     * @param name the state's name, unique within the operator
     * @param elementClass the class of the list elements
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is empty or the class primitive
     */
    public ListStateDescriptor(String name, Class<T> elementClass) {
        super(name, Type.LIST, elementClass, "element class");
    }

    /** @param elementTypeInfo the type of the list elements */
    public ListStateDescriptor(String name, TypeInformation<T> elementTypeInfo) {
        super(name, Type.LIST, elementTypeInfo, "element type");
    }

    /** @param elementSerializer the serializer of the list elements */
    public ListStateDescriptor(String name, TypeSerializer<T> elementSerializer) {
        super(name, Type.LIST, elementSerializer, "element type");
    }

    /** The class of the list elements; the same as {@link #getTypeClass()}. */
    public Class<T> getElementClass() {
        return getTypeClass();
    }
}
