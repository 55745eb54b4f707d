package io.flinkstream.api.state;

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

    /** The class of the list elements; the same as {@link #getTypeClass()}. */
    public Class<T> getElementClass() {
        return getTypeClass();
    }
}
