package io.flinkstream.state;

import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.typeutils.TypeSerializer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link ListState} on the heap: an {@link ArrayList} per key, appended to in place. A list that a snapshot may hold
 * is copied before it is changed; an empty list is never stored, the key's entry is removed instead. Elements of a
 * mutable type are copied when added, and the list handed out by {@link #get()} is one no pending snapshot holds, so
 * changing an element in place never reaches a snapshot.
 */
final class HeapListState<T> extends AbstractHeapState<ArrayList<T>> implements ListState<T> {
    private final TypeSerializer<T> elementSerializer;
    private final boolean mutable;

    HeapListState(HeapKeyedStateBackend backend, ListStateDescriptor<T> descriptor) {
        this(backend, descriptor, descriptor.getSerializer().duplicate());
    }

    private HeapListState(HeapKeyedStateBackend backend, ListStateDescriptor<T> descriptor,
                          TypeSerializer<T> elementSerializer) {
        super(backend, descriptor, listCopier(elementSerializer));
        this.elementSerializer = elementSerializer;
        this.mutable = !elementSerializer.isImmutableType();
    }

    private static <T> java.util.function.UnaryOperator<ArrayList<T>> listCopier(TypeSerializer<T> serializer) {
        if (serializer.isImmutableType()) {
            return ArrayList::new;
        }
        return list -> {
            ArrayList<T> copy = new ArrayList<>(list.size());
            for (T element : list) {
                copy.add(serializer.copy(element));
            }
            return copy;
        };
    }

    private T own(T element) {
        return mutable ? copyOf(elementSerializer, element) : element;
    }

    private ArrayList<T> own(List<T> elements) {
        ArrayList<T> copy = new ArrayList<>(elements.size());
        for (T element : elements) {
            copy.add(own(element));
        }
        return copy;
    }

    @Override
    public Iterable<T> get() {
        ArrayList<T> list = currentValue(mutable);
        return list == null ? Collections.emptyList() : Collections.unmodifiableList(list);
    }

    @Override
    public void add(T value) {
        if (value == null) {
            throw new NullPointerException(describe() + " does not accept null elements");
        }
        ArrayList<T> list = currentValueForUpdate();
        if (list == null) {
            list = new ArrayList<>();
            list.add(own(value));
            setCurrentValue(list);
        } else {
            list.add(own(value));
        }
    }

    @Override
    public void update(List<T> values) {
        checkElements(values, "update");
        if (values.isEmpty()) {
            clear();
        } else {
            setCurrentValue(own(values));
        }
    }

    @Override
    public void addAll(List<T> values) {
        checkElements(values, "addAll");
        if (values.isEmpty()) {
            return;
        }
        ArrayList<T> list = currentValueForUpdate();
        if (list == null) {
            setCurrentValue(own(values));
        } else {
            list.addAll(own(values));
        }
    }

    /** Checks the whole argument first, so that a rejected call leaves the state unchanged. */
    private void checkElements(List<T> values, String method) {
        if (values == null) {
            throw new NullPointerException(describe() + "." + method + "(null) is not allowed; pass an empty list "
                    + "instead");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new NullPointerException(describe() + " does not accept null elements, but element " + i
                        + " passed to " + method + "() is null");
            }
        }
    }
}
