package io.flinkstream.state;

import io.flinkstream.api.AggregateFunction;
import io.flinkstream.api.state.AggregatingState;
import io.flinkstream.api.state.AggregatingStateDescriptor;
import io.flinkstream.api.typeutils.TypeSerializer;

/**
 * {@link AggregatingState} on the heap: the accumulator per key, created by the function on the key's first add.
 * The function may change the accumulator in place, as {@link AggregateFunction}'s example does: an accumulator of a
 * mutable type that a pending snapshot still holds is copied with its serializer before the function gets it, so the
 * snapshot keeps the value it had at its barrier.
 */
final class HeapAggregatingState<IN, ACC, OUT> extends AbstractHeapState<ACC> implements AggregatingState<IN, OUT> {
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;
    private final boolean mutable;

    HeapAggregatingState(HeapKeyedStateBackend backend, AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        this(backend, descriptor, descriptor.getSerializer().duplicate());
    }

    private HeapAggregatingState(HeapKeyedStateBackend backend, AggregatingStateDescriptor<IN, ACC, OUT> descriptor,
                                 TypeSerializer<ACC> serializer) {
        super(backend, descriptor, serializer.isImmutableType() ? null : serializer::copy);
        this.aggregateFunction = descriptor.getAggregateFunction();
        this.mutable = !serializer.isImmutableType();
    }

    @Override
    public OUT get() {
        ACC accumulator = currentValue(mutable);
        return accumulator == null ? null : aggregateFunction.getResult(accumulator);
    }

    @Override
    public void add(IN value) {
        if (value == null) {
            throw new NullPointerException(describe() + " does not accept null values");
        }
        ACC accumulator = currentValue(mutable);
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
