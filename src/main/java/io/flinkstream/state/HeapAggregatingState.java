package io.flinkstream.state;

import io.flinkstream.api.AggregateFunction;
import io.flinkstream.api.state.AggregatingState;
import io.flinkstream.api.state.AggregatingStateDescriptor;

/**
 * {@link AggregatingState} on the heap: the accumulator per key, created by the function on the key's first add. No
 * copy of the accumulator is made for snapshots yet (see {@link StateTable}).
 */
final class HeapAggregatingState<IN, ACC, OUT> extends AbstractHeapState<ACC> implements AggregatingState<IN, OUT> {
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    HeapAggregatingState(HeapKeyedStateBackend backend, AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        super(backend, descriptor, null);
        this.aggregateFunction = descriptor.getAggregateFunction();
    }

    @Override
    public OUT get() {
        ACC accumulator = currentValue();
        return accumulator == null ? null : aggregateFunction.getResult(accumulator);
    }

    @Override
    public void add(IN value) {
        if (value == null) {
            throw new NullPointerException(describe() + " does not accept null values");
        }
        ACC accumulator = currentValueForUpdate();
        if (accumulator == null) {
            accumulator = aggregateFunction.createAccumulator();
        }
        ACC updated = aggregateFunction.add(value, accumulator);
        if (updated == null) {
            throw new NullPointerException("The aggregate function of " + describe() + " returned a null accumulator");
        }
        setCurrentValue(updated);
    }
}
