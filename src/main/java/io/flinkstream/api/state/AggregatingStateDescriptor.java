package io.flinkstream.api.state;

import io.flinkstream.api.AggregateFunction;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeutils.TypeSerializer;

/**
 * Describes an {@link AggregatingState}. The state keeps the accumulator; {@code accClass} is its class.
 *
 * <pre>{@code new AggregatingStateDescriptor<>("avg", new Average(), long[].class)}</pre>
 *
 * @param <IN> the type of the added values
 * @param <ACC> the accumulator type
 * @param <OUT> the result type
 */
public final class AggregatingStateDescriptor<IN, ACC, OUT>
        extends StateDescriptor<AggregatingState<IN, OUT>, ACC> {
    private static final long serialVersionUID = 1L;

    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    /**
     * @param name the state's name, unique within the operator
     * @param aggregateFunction creates, updates and reads the accumulator
     * @param accClass the class of the accumulator
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is empty or the class primitive
     */
    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
            Class<ACC> accClass) {
        super(name, Type.AGGREGATING, accClass, "accumulator class");
        this.aggregateFunction = checkFunction(aggregateFunction, "aggregate function");
    }

    /** @param accTypeInfo the type of the accumulator */
    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
            TypeInformation<ACC> accTypeInfo) {
        super(name, Type.AGGREGATING, accTypeInfo, "accumulator type");
        this.aggregateFunction = checkFunction(aggregateFunction, "aggregate function");
    }

    /** @param accSerializer the serializer of the accumulator */
    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
            TypeSerializer<ACC> accSerializer) {
        super(name, Type.AGGREGATING, accSerializer, "accumulator type");
        this.aggregateFunction = checkFunction(aggregateFunction, "aggregate function");
    }

    /** The function that drives the accumulator. */
    public AggregateFunction<IN, ACC, OUT> getAggregateFunction() {
        return aggregateFunction;
    }

    /** The class of the accumulator; the same as {@link #getTypeClass()}. */
    public Class<ACC> getAccumulatorClass() {
        return getTypeClass();
    }
}
