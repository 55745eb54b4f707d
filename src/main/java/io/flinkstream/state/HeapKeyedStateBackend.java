package io.flinkstream.state;

import io.flinkstream.api.state.AggregatingStateDescriptor;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ReducingStateDescriptor;
import io.flinkstream.api.state.State;
import io.flinkstream.api.state.StateDescriptor;
import io.flinkstream.api.state.ValueStateDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link KeyedStateBackend} that keeps all state as objects on the JVM heap: one {@link StateTable} per registered
 * state, each with one {@link StateMap} per key group of the range.
 *
 * <pre>{@code
 * KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 4, subtaskIndex);
 * KeyedStateBackend backend = new HeapKeyedStateBackend(range, 128);
 * ValueState<Long> count = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
 * }</pre>
 *
 * <p>State values are stored and returned by reference: a value read from a state must not be changed in place
 * unless it is written back with the state's update method (see {@link io.flinkstream.api.state.ValueState}).
 *
 * <p>A state is identified by its name, kind and classes. The functions of reducing and aggregating descriptors are
 * not compared (functions have no useful equality): the function of the first registration stays in use.
 *
 * <p>With assertions enabled, {@link #setCurrentKey(Object, int)} also checks that the key group is the key's.
 *
 * <p>Not thread-safe: owned by the thread (actor) running the subtask.
 */
public final class HeapKeyedStateBackend implements KeyedStateBackend {
    private final KeyGroupRange keyGroupRange;
    private final int maxParallelism;
    private final Map<String, Map<Integer, Map<Object, Object>>> restored = new java.util.HashMap<>();
    private final Map<String, AbstractHeapState<?>> states = new LinkedHashMap<>();

    private Object currentKey;
    private int currentKeyGroup = -1;
    private int currentKeyHash;
    private long keyEpoch;
    private boolean closed;

    /**
     * Creates an empty backend.
     *
     * @param keyGroupRange the key groups of the subtask, non-empty and within {@code [0, maxParallelism)}
     * @param maxParallelism the job's number of key groups
     * @throws IllegalArgumentException if the arguments do not fit together
     */
    public HeapKeyedStateBackend(KeyGroupRange keyGroupRange, int maxParallelism) {
        Objects.requireNonNull(keyGroupRange, "keyGroupRange");
        if (maxParallelism < 1 || maxParallelism > KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("The max parallelism must be between 1 and "
                    + KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM + " but is " + maxParallelism);
        }
        if (keyGroupRange.isEmpty() || keyGroupRange.endKeyGroup() >= maxParallelism) {
            throw new IllegalArgumentException("The key group range " + keyGroupRange + " must be non-empty and "
                    + "within [0, " + (maxParallelism - 1) + "] for max parallelism " + maxParallelism);
        }
        this.keyGroupRange = keyGroupRange;
        this.maxParallelism = maxParallelism;
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return keyGroupRange;
    }

    @Override
    public int maxParallelism() {
        return maxParallelism;
    }

    @Override
    public void setCurrentKey(Object key, int keyGroup) {
        if (closed) {
            throw new IllegalStateException("The keyed state backend is closed");
        }
        if (key == null) {
            throw new NullPointerException("The current key must not be null");
        }
        if (!keyGroupRange.contains(keyGroup)) {
            throw new IllegalArgumentException("Key " + key + " with key group " + keyGroup + " was routed to the "
                    + "subtask owning key groups " + keyGroupRange + ": the key's records went to the wrong subtask");
        }
        assert KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism) == keyGroup
                : "Key " + key + " belongs to key group " + KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism)
                + ", not " + keyGroup;
        currentKey = key;
        currentKeyGroup = keyGroup;
        currentKeyHash = StateMap.hash(key);
        keyEpoch++;
    }

    @Override
    public Object getCurrentKey() {
        return currentKey;
    }

    @Override
    public int getCurrentKeyGroup() {
        return currentKeyGroup;
    }

    @Override
    public <S extends State> S getOrCreateKeyedState(StateDescriptor<S, ?> descriptor) {
        Objects.requireNonNull(descriptor, "The state descriptor must not be null");
        if (closed) {
            throw new IllegalStateException("The keyed state backend is closed; cannot create " + descriptor);
        }
        AbstractHeapState<?> state = states.get(descriptor.getName());
        if (state == null) {
            state = create(descriptor);
            states.put(descriptor.getName(), state);
            fillFromRestored(descriptor.getName(), state);
        } else {
            checkCompatible(state.descriptor(), descriptor);
        }
        @SuppressWarnings("unchecked")
        S typed = (S) state;
        return typed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AbstractHeapState<?> state : states.values()) {
            state.table().clear();
        }
        states.clear();
        currentKey = null;
        currentKeyGroup = -1;
        keyEpoch++;
    }

    /** The names of the registered states, in registration order; for snapshots and tests. */
    /**
     * Hands the backend the keyed state of a checkpoint (state name → key group → key → value, as
     * {@link KeyedStateSnapshot#deserialize(byte[])} reads it). Each state is filled when it is first registered;
     * key groups outside this backend's range are ignored, so several subtasks' state can be offered to it.
     */
    public void restore(Map<String, Map<Integer, Map<Object, Object>>> restoredState) {
        restoredState.forEach((name, groups) -> restored.merge(name, new java.util.HashMap<>(groups), (a, b) -> {
            a.putAll(b);
            return a;
        }));
    }

    @SuppressWarnings("unchecked")
    private void fillFromRestored(String name, AbstractHeapState<?> state) {
        Map<Integer, Map<Object, Object>> groups = restored.remove(name);
        if (groups == null) {
            return;
        }
        StateTable<Object, Object> table = (StateTable<Object, Object>) state.table();
        KeyGroupRange range = keyGroupRange();
        groups.forEach((keyGroup, entries) -> {
            if (range.contains(keyGroup)) {
                StateMap<Object, Object> map = table.mapForKeyGroup(keyGroup);
                map.ensureCapacity(map.size() + entries.size());
                entries.forEach(map::put);
            }
        });
    }

    /**
     * The synchronous part of a checkpoint: an O(states × key groups) copy-on-write view of all keyed state, which
     * another thread may serialize while this backend keeps changing.
     */
    public KeyedStateSnapshot snapshot() {
        java.util.Map<String, StateMapSnapshot<?, ?>[]> states = new java.util.TreeMap<>();
        KeyGroupRange range = keyGroupRange();
        for (String name : stateNames()) {
            StateTable<?, ?> table = stateTable(name);
            StateMapSnapshot<?, ?>[] maps = new StateMapSnapshot<?, ?>[range.size()];
            for (int i = 0; i < maps.length; i++) {
                maps[i] = table.mapForKeyGroup(range.startKeyGroup() + i).snapshot();
            }
            states.put(name, maps);
        }
        return new KeyedStateSnapshot(range, states);
    }

    Set<String> stateNames() {
        return states.keySet();
    }

    /** The table of a registered state, or null; for snapshots and tests. */
    StateTable<?, ?> stateTable(String stateName) {
        AbstractHeapState<?> state = states.get(stateName);
        return state == null ? null : state.table();
    }

    /** Changes on every {@link #setCurrentKey(Object, int)} and on close; lets states cache their last lookup. */
    long keyEpoch() {
        return keyEpoch;
    }

    /** {@link StateMap#hash(Object)} of the current key, computed once per record. */
    int currentKeyHash() {
        return currentKeyHash;
    }

    /** The current key, or an exception naming {@code state} when there is none. */
    Object currentKeyFor(AbstractHeapState<?> state) {
        if (currentKey == null) {
            throw new IllegalStateException(state.describe() + " was accessed while no key is set: keyed state can "
                    + "only be used while a keyed operator processes a record or timer, not in open() or close()"
                    + (closed ? " (and the backend is closed)" : ""));
        }
        return currentKey;
    }

    private AbstractHeapState<?> create(StateDescriptor<?, ?> descriptor) {
        return switch (descriptor.getType()) {
            case VALUE -> new HeapValueState<>(this, (ValueStateDescriptor<?>) descriptor);
            case LIST -> new HeapListState<>(this, (ListStateDescriptor<?>) descriptor);
            case MAP -> new HeapMapState<>(this, (MapStateDescriptor<?, ?>) descriptor);
            case REDUCING -> new HeapReducingState<>(this, (ReducingStateDescriptor<?>) descriptor);
            case AGGREGATING -> new HeapAggregatingState<>(this, (AggregatingStateDescriptor<?, ?, ?>) descriptor);
        };
    }

    private static void checkCompatible(StateDescriptor<?, ?> registered, StateDescriptor<?, ?> requested) {
        // The type is compared first, so a registered map descriptor is only compared with a map descriptor.
        boolean compatible = registered.getType() == requested.getType()
                && registered.getTypeClass() == requested.getTypeClass()
                && (!(registered instanceof MapStateDescriptor<?, ?> registeredMap)
                        || registeredMap.getUserKeyClass() == ((MapStateDescriptor<?, ?>) requested).getUserKeyClass());
        if (!compatible) {
            throw new IllegalStateException("The state name '" + registered.getName() + "' is already used by "
                    + registered + ", so it cannot also name " + requested + ": give one of them another name");
        }
    }
}
