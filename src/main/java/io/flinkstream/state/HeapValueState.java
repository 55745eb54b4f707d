package io.flinkstream.state;

import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.typeutils.TypeSerializer;

/**
 * {@link ValueState} on the heap. Values of immutable types (Long, String, …) are stored and returned by reference
 * and never copied. Values of mutable types (POJOs, tuples, lists, arrays) are kept apart from the user's objects so
 * that a snapshot never sees a change made after its barrier: {@link #update} stores a copy of an object that is not
 * already the stored one, and {@link #value()} returns a copy of a value a pending snapshot still holds (copy on
 * write, once per key and snapshot). So a value read, changed in place and written back costs no copy at all between
 * snapshots.
 */
final class HeapValueState<T> extends AbstractHeapState<T> implements ValueState<T> {
    private final TypeSerializer<T> serializer;
    private final boolean mutable;
    private final T defaultValue;

    HeapValueState(HeapKeyedStateBackend backend, ValueStateDescriptor<T> descriptor) {
        this(backend, descriptor, descriptor.getSerializer().duplicate());
    }

    private HeapValueState(HeapKeyedStateBackend backend, ValueStateDescriptor<T> descriptor,
                           TypeSerializer<T> serializer) {
        super(backend, descriptor, serializer.isImmutableType() ? null : serializer::copy);
        this.serializer = serializer;
        this.mutable = !serializer.isImmutableType();
        this.defaultValue = descriptor.getDefaultValue();
    }

    @Override
    public T value() {
        T value = currentValue(mutable);
        if (value == null && defaultValue != null) {
            return mutable ? copyOf(serializer, defaultValue) : defaultValue;
        }
        return value;
    }

    @Override
    public void update(T value) {
        if (value == null) {
            clear();
        } else if (!mutable) {
            setCurrentValue(value);
        } else if (value != currentValue()) {
            setCurrentValue(copyOf(serializer, value));
        }
        // else: the value read, changed in place and written back is already the state's own object, and a pending
        // snapshot never holds it (value() copied it first), so there is nothing to store.
    }
}
