package io.flinkstream.state;

import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;

/**
 * {@link ValueState} on the heap. Values are stored and returned by reference and only ever replaced, so no copy is
 * made for snapshots; changing a returned value in place is the caller's risk, as documented on the interface.
 */
final class HeapValueState<T> extends AbstractHeapState<T> implements ValueState<T> {

    HeapValueState(HeapKeyedStateBackend backend, ValueStateDescriptor<T> descriptor) {
        super(backend, descriptor, null);
    }

    @Override
    public T value() {
        return currentValue();
    }

    @Override
    public void update(T value) {
        if (value == null) {
            clear();
        } else {
            setCurrentValue(value);
        }
    }
}
