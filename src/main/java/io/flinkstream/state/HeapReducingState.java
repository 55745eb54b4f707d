package io.flinkstream.state;

import io.flinkstream.api.ReduceFunction;
import io.flinkstream.api.state.ReducingState;
import io.flinkstream.api.state.ReducingStateDescriptor;
import io.flinkstream.api.typeutils.TypeSerializer;

/**
 * {@link ReducingState} on the heap: the folded value per key. For mutable types the state owns its value: a value
 * added first is copied, a reduce function may change its first argument in place (a value a pending snapshot holds is
 * copied before it gets it), and a result that is not the stored value is copied.
 */
final class HeapReducingState<T> extends AbstractHeapState<T> implements ReducingState<T> {
    private final ReduceFunction<T> reduceFunction;
    private final TypeSerializer<T> serializer;
    private final boolean mutable;

    HeapReducingState(HeapKeyedStateBackend backend, ReducingStateDescriptor<T> descriptor) {
        this(backend, descriptor, descriptor.getSerializer().duplicate());
    }

    private HeapReducingState(HeapKeyedStateBackend backend, ReducingStateDescriptor<T> descriptor,
                              TypeSerializer<T> serializer) {
        super(backend, descriptor, serializer.isImmutableType() ? null : serializer::copy);
        this.reduceFunction = descriptor.getReduceFunction();
        this.serializer = serializer;
        this.mutable = !serializer.isImmutableType();
    }

    @Override
    public T get() {
        return currentValue(mutable);
    }

    @Override
    public void add(T value) throws Exception {
        if (value == null) {
            throw new NullPointerException(describe() + " does not accept null values");
        }
        T current = currentValue(mutable);
        if (current == null) {
            setCurrentValue(mutable ? copyOf(serializer, value) : value);
            return;
        }
        T reduced = reduceFunction.reduce(current, value);
        if (reduced == null) {
            throw new NullPointerException("The reduce function of " + describe() + " returned null");
        }
        setCurrentValue(mutable && reduced != current ? copyOf(serializer, reduced) : reduced);
    }
}
