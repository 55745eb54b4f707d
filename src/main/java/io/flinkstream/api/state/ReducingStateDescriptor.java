package io.flinkstream.api.state;

import io.flinkstream.api.ReduceFunction;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeutils.TypeSerializer;

/**
 * Describes a {@link ReducingState}.
 *
 * <pre>{@code new ReducingStateDescriptor<>("sum", Long::sum, Long.class)}</pre>
 *
 * @param <T> the value type
 */
public final class ReducingStateDescriptor<T> extends StateDescriptor<ReducingState<T>, T> {
    private static final long serialVersionUID = 1L;

    private final ReduceFunction<T> reduceFunction;

    /**
     * @param name the state's name, unique within the operator
     * @param reduceFunction folds each added value into the stored one
     * @param typeClass the class of the values
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is empty or the class primitive
     */
    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Class<T> typeClass) {
        super(name, Type.REDUCING, typeClass, "value class");
        this.reduceFunction = checkFunction(reduceFunction, "reduce function");
    }

    /** @param typeInfo the type of the values */
    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, TypeInformation<T> typeInfo) {
        super(name, Type.REDUCING, typeInfo, "value type");
        this.reduceFunction = checkFunction(reduceFunction, "reduce function");
    }

    /** @param serializer the serializer of the values */
    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, TypeSerializer<T> serializer) {
        super(name, Type.REDUCING, serializer, "value type");
        this.reduceFunction = checkFunction(reduceFunction, "reduce function");
    }

    /** The function that folds added values. */
    public ReduceFunction<T> getReduceFunction() {
        return reduceFunction;
    }
}
