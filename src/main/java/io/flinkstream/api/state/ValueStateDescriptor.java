package io.flinkstream.api.state;

/**
 * Describes a {@link ValueState}.
 *
 * <pre>{@code new ValueStateDescriptor<>("count", Long.class)}</pre>
 *
 * @param <T> the value type
 */
public final class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>, T> {
    private static final long serialVersionUID = 1L;

    /**
     * @param name the state's name, unique within the operator
     * @param typeClass the class of the values
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is empty or the class primitive
     */
    public ValueStateDescriptor(String name, Class<T> typeClass) {
        super(name, Type.VALUE, typeClass, "value class");
    }
}
