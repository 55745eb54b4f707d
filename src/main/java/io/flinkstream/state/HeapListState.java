package io.flinkstream.state;

import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link ListState} on the heap: an {@link ArrayList} per key, appended to in place. A list that a snapshot may hold
 * is copied before it is changed; an empty list is never stored, the key's entry is removed instead.
 */
final class HeapListState<T> extends AbstractHeapState<ArrayList<T>> implements ListState<T> {

    HeapListState(HeapKeyedStateBackend backend, ListStateDescriptor<T> descriptor) {
        super(backend, descriptor, ArrayList::new);
    }

    @Override
    public Iterable<T> get() {
        ArrayList<T> list = currentValue();
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
            list.add(value);
            setCurrentValue(list);
        } else {
            list.add(value);
        }
    }

    @Override
    public void update(List<T> values) {
        checkElements(values, "update");
        if (values.isEmpty()) {
            clear();
        } else {
            setCurrentValue(new ArrayList<>(values));
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
            setCurrentValue(new ArrayList<>(values));
        } else {
            list.addAll(values);
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
