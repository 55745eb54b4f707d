package io.flinkstream.state;

import io.flinkstream.api.OperatorStateStore;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;
import io.flinkstream.api.typeutils.runtime.SerializerSnapshots;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator state of one chain member in one subtask: plain in-memory lists by name. Lists the user has not
 * asked for again after a restore are kept and stored with the next checkpoints, so state is not lost when a
 * function asks for it lazily. Each list keeps the serializer of its descriptor, with which the checkpoint serializes
 * it synchronously. Not thread-safe: it belongs to the subtask's actor.
 */
public final class HeapOperatorStateStore implements OperatorStateStore {
    private final Map<String, OperatorListState<?>> lists = new LinkedHashMap<>();
    private final Map<String, OperatorStateSnapshot.NamedList> restored;
    private final SerializerConfig serializerConfig;
    private final String owner;

    /** @param restored the member's restored lists by name; empty on a fresh start */
    public HeapOperatorStateStore(Map<String, OperatorStateSnapshot.NamedList> restored) {
        this(restored, new SerializerConfig(), "the operator");
    }

    /**
     * @param restored the member's restored lists by name; empty on a fresh start
     * @param serializerConfig the job's serializer settings, for the descriptors' serializers
     * @param owner the operator, for messages: "operator 'Sink'"
     */
    public HeapOperatorStateStore(Map<String, OperatorStateSnapshot.NamedList> restored,
                                  SerializerConfig serializerConfig, String owner) {
        this.restored = new LinkedHashMap<>(restored);
        this.serializerConfig = serializerConfig;
        this.owner = owner;
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
        descriptor.initializeSerializerUnlessSet(serializerConfig);
        OperatorListState<S> state = new OperatorListState<>(union,
                (TypeSerializer<Object>) descriptor.getSerializer().duplicate());
        OperatorStateSnapshot.NamedList stored = restored.get(name);
        if (stored != null) {
            checkCompatible(name, union, stored, descriptor.getSerializer());
            restored.remove(name);
            for (Object element : stored.elements()) {
                state.elements.add((S) element);
            }
        }
        lists.put(name, state);
        return state;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void checkCompatible(String name, boolean union, OperatorStateSnapshot.NamedList stored,
                                 TypeSerializer<?> serializer) {
        if (stored.union() != union) {
            throw new StateMigrationException("Cannot restore operator state '" + name + "' of " + owner + ": the "
                    + "checkpoint holds it as " + (stored.union() ? "union list state" : "list state") + "; ask for "
                    + "it with " + (stored.union() ? "getUnionListState" : "getListState"));
        }
        if (stored.writtenWith() == null) {
            return;
        }
        TypeSerializerSnapshot current = serializer.snapshotConfiguration();
        TypeSerializerSchemaCompatibility<?> verdict = current.resolveSchemaCompatibility(stored.writtenWith());
        if (verdict.isIncompatible()) {
            throw new StateMigrationException("Cannot restore operator state '" + name + "' of " + owner + ": its "
                    + "element type changed from " + SerializerSnapshots.typeOf(stored.writtenWith()).getName()
                    + " to " + SerializerSnapshots.typeOf(current).getName()
                    + (verdict.reason() == null ? "" : " (" + verdict.reason() + ")")
                    + ", and the stored elements cannot be read as the new type. Restore with the old type, or give "
                    + "the state another name");
        }
    }

    /** The current lists, with the restored lists not asked for yet; serialize before the lists change again. */
    public Map<String, OperatorStateSnapshot.NamedList> snapshot() {
        Map<String, OperatorStateSnapshot.NamedList> result = new LinkedHashMap<>(restored);
        lists.forEach((name, state) -> result.put(name, new OperatorStateSnapshot.NamedList(state.union,
                new ArrayList<>(state.elements), state.serializer, null)));
        return result;
    }

    /** One list: there is no current key, every method acts on the subtask's list. */
    private static final class OperatorListState<T> implements ListState<T> {
        private final boolean union;
        private final TypeSerializer<Object> serializer;
        private final List<T> elements = new ArrayList<>();

        OperatorListState(boolean union, TypeSerializer<Object> serializer) {
            this.union = union;
            this.serializer = serializer;
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
