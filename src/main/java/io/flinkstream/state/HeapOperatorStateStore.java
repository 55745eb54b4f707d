package io.flinkstream.state;

import io.flinkstream.api.OperatorStateStore;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator state of one chain member in one subtask: plain in-memory lists by name. Lists the user has not
 * asked for again after a restore are kept and stored with the next checkpoints, so state is not lost when a
 * function asks for it lazily. Not thread-safe: it belongs to the subtask's actor.
 */
public final class HeapOperatorStateStore implements OperatorStateStore {
    private final Map<String, OperatorListState<?>> lists = new LinkedHashMap<>();
    private final Map<String, OperatorStateSnapshot.NamedList> restored;

    /** @param restored the member's restored lists by name; empty on a fresh start */
    public HeapOperatorStateStore(Map<String, OperatorStateSnapshot.NamedList> restored) {
        this.restored = new LinkedHashMap<>(restored);
    }

    @Override
    public <S> ListState<S> getListState(ListStateDescriptor<S> descriptor) {
        return get(descriptor, false);
    }

    @Override
    public <S> ListState<S> getUnionListState(ListStateDescriptor<S> descriptor) {
        return get(descriptor, true);
    }

    @SuppressWarnings("unchecked")
    private <S> ListState<S> get(ListStateDescriptor<S> descriptor, boolean union) {
        String name = descriptor.getName();
        OperatorListState<?> existing = lists.get(name);
        if (existing != null) {
            if (existing.union != union) {
                throw new IllegalStateException("Operator state '" + name + "' is already registered as "
                        + (existing.union ? "union " : "") + "list state; ask for it with "
                        + (existing.union ? "getUnionListState" : "getListState"));
            }
            return (ListState<S>) existing;
        }
        OperatorListState<S> state = new OperatorListState<>(union);
        OperatorStateSnapshot.NamedList stored = restored.remove(name);
        if (stored != null) {
            for (Serializable element : stored.elements()) {
                state.elements.add((S) element);
            }
        }
        lists.put(name, state);
        return state;
    }

    /** The current lists (shallow copies), with the restored lists not asked for yet. */
    public Map<String, OperatorStateSnapshot.NamedList> snapshot() {
        Map<String, OperatorStateSnapshot.NamedList> result = new LinkedHashMap<>(restored);
        lists.forEach((name, state) -> {
            List<Serializable> elements = new ArrayList<>();
            for (Object element : state.elements) {
                elements.add((Serializable) asSerializable(name, element));
            }
            result.put(name, new OperatorStateSnapshot.NamedList(state.union, elements));
        });
        return result;
    }

    private static Object asSerializable(String name, Object element) {
        if (!(element instanceof Serializable)) {
            throw new IllegalStateException("Operator state '" + name + "' holds a " + element.getClass().getName()
                    + ", which is not Serializable; operator state is stored with Java serialization");
        }
        return element;
    }

    /** One list: there is no current key, every method acts on the subtask's list. */
    private static final class OperatorListState<T> implements ListState<T> {
        private final boolean union;
        private final List<T> elements = new ArrayList<>();

        OperatorListState(boolean union) {
            this.union = union;
        }

        @Override
        public Iterable<T> get() {
            return Collections.unmodifiableList(elements);
        }

        @Override
        public void add(T value) {
            if (value == null) {
                throw new NullPointerException("Operator list state takes no null elements");
            }
            elements.add(value);
        }

        @Override
        public void update(List<T> values) {
            checkNoNulls(values);
            elements.clear();
            elements.addAll(values);
        }

        @Override
        public void addAll(List<T> values) {
            checkNoNulls(values);
            elements.addAll(values);
        }

        @Override
        public void clear() {
            elements.clear();
        }

        private static void checkNoNulls(List<?> values) {
            if (values == null) {
                throw new NullPointerException("The list of values must not be null");
            }
            for (Object value : values) {
                if (value == null) {
                    throw new NullPointerException("Operator list state takes no null elements");
                }
            }
        }
    }
}
