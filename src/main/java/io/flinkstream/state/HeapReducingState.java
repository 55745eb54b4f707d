package io.flinkstream.state;

import io.flinkstream.api.ReduceFunction;
import io.flinkstream.api.state.ReducingState;
import io.flinkstream.api.state.ReducingStateDescriptor;

/**
 * {@link ReducingState} on the heap: the folded value per key. No copy is made for snapshots (see
 * {@link StateTable}), so a reduce function should return a new value rather than change its first argument.
 */
final class HeapReducingState<T> extends AbstractHeapState<T> implements ReducingState<T> {
    private final ReduceFunction<T> reduceFunction;

    HeapReducingState(HeapKeyedStateBackend backend, ReducingStateDescriptor<T> descriptor) {
        super(backend, descriptor, null);
        this.reduceFunction = descriptor.getReduceFunction();
    }

    @Override
    public T get() {
        return currentValue();
    }

    @Override
    public void add(T value) throws Exception {
        if (value == null) {
            throw new NullPointerException(describe() + " does not accept null values");
        }
        T current = currentValueForUpdate();
        if (current == null) {
            setCurrentValue(value);
            return;
        }
        T reduced = reduceFunction.reduce(current, value);
        if (reduced == null) {
            throw new NullPointerException("The reduce function of " + describe() + " returned null");
        }
        setCurrentValue(reduced);
    }
}
