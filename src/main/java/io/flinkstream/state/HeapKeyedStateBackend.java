package io.flinkstream.state;

import io.flinkstream.api.state.AggregatingStateDescriptor;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ReducingStateDescriptor;
import io.flinkstream.api.state.State;
import io.flinkstream.api.state.StateDescriptor;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;
import io.flinkstream.api.typeutils.runtime.KryoSerializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

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
 * <p>Values of immutable types are stored and returned by reference. Values of mutable types are owned by the state:
 * copied with the descriptor's serializer when they come in from the user, and copied before a change when a pending
 * snapshot still holds them, so a snapshot always shows the state as it was at its barrier. Keys of a mutable type
 * are copied with the key serializer when they are set, so a function changing its input record cannot change them.
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
    private final Map<String, RestoredKeyedState.State> restored = new LinkedHashMap<>();
    private final Map<String, AbstractHeapState<?>> states = new LinkedHashMap<>();
    private final SerializerConfig serializerConfig;
    private final TypeSerializer<Object> keySerializer;
    private final boolean keysImmutable;
    private final String owner;
    private TypeSerializerSnapshot<?> restoredKeySerializerSnapshot;
    private ClassLoader classLoader = HeapKeyedStateBackend.class.getClassLoader();

    /** The tables of the registered states, for {@link #prefetch}. */
    private StateTable<?, ?>[] tables = new StateTable<?, ?>[0];
    /** Written by {@link #prefetch} so that its loads are not optimised away. */
    private int prefetchSink;
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
        this(keyGroupRange, maxParallelism, new SerializerConfig(), null, "the operator");
    }

    /**
     * Creates an empty backend.
     *
     * @param serializerConfig the job's serializer settings, for the serializers of the descriptors
     * @param keySerializer the serializer of the keys; null for the generic one
     * @param owner the operator, for messages: "operator 'Count'"
     */
    @SuppressWarnings("unchecked")
    public HeapKeyedStateBackend(KeyGroupRange keyGroupRange, int maxParallelism, SerializerConfig serializerConfig,
                                 TypeSerializer<?> keySerializer, String owner) {
        Objects.requireNonNull(keyGroupRange, "keyGroupRange");
        this.serializerConfig = Objects.requireNonNull(serializerConfig, "serializerConfig");
        this.keySerializer = keySerializer != null ? (TypeSerializer<Object>) keySerializer
                : new KryoSerializer<>(Object.class, serializerConfig);
        this.keysImmutable = this.keySerializer.isImmutableType();
        this.owner = owner;
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

    /** A backend as {@link io.flinkstream.api.StateBackend#createKeyedStateBackend} creates it. */
    public HeapKeyedStateBackend(KeyedStateBackendParameters parameters) {
        this(parameters.keyGroupRange(), parameters.maxParallelism(), parameters.serializerConfig(),
                parameters.keySerializer(), parameters.owner());
        this.classLoader = parameters.classLoader();
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
        currentKey = keysImmutable ? key : ownKey(key);
        currentKeyGroup = keyGroup;
        currentKeyHash = StateMap.hash(key);
        keyEpoch++;
    }

    /**
     * A copy of a key of a mutable type. The key is often part of the record (a POJO or tuple field), and a function
     * may change its input record; state stored under the record's own key object would then move to a key no later
     * record finds, and a snapshot would write the changed key. Made before the function runs, so a change it makes
     * before its first state access cannot reach the key either.
     */
    private Object ownKey(Object key) {
        try {
            return keySerializer.copy(key);
        } catch (io.flinkstream.api.typeutils.runtime.UnserializableTypeException e) {
            throw e.in("the keys of " + owner);
        }
    }

    /**
     * Looks every upcoming key up in every state's table and reads its value's header, so that the cache misses of
     * the whole range are in flight together; the lookups the records then make find the lines in the cache. With
     * many keys (state larger than the caches) this is most of the time a keyed record costs.
     */
    @Override
    public void prefetch(Object[] keys, int[] keyGroups, int from, int to) {
        StateTable<?, ?>[] all = tables;
        if (all.length == 0) {
            return;
        }
        int sink = 0;
        for (int i = from; i < to; i++) {
            Object key = keys[i];
            if (key == null) { // refused by setCurrentKey, with the message it deserves
                continue;
            }
            int hash = StateMap.hash(key);
            for (StateTable<?, ?> table : all) {
                sink += table.mapForKeyGroup(keyGroups[i]).touch(key, hash);
            }
        }
        prefetchSink += sink;
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
            try {
                descriptor.initializeSerializerUnlessSet(serializerConfig);
            } catch (UnsupportedOperationException e) {
                throw new IllegalStateException(descriptor + " of " + owner + ": " + e.getMessage(), e);
            }
            RestoredKeyedState.State stored = restored.get(descriptor.getName());
            if (stored != null) {
                StateCompatibility.check(descriptor, stored, owner);
            }
            state = create(descriptor);
            states.put(descriptor.getName(), state);
            tables = java.util.Arrays.copyOf(tables, tables.length + 1);
            tables[tables.length - 1] = state.table();
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

    /**
     * Hands the backend the keyed state of a checkpoint, as {@link KeyedStateSnapshot#deserialize} reads it. Each
     * state is filled when it is first registered, after its new serializers are checked against the stored ones;
     * until then it is carried into every snapshot as it was. Key groups outside this backend's range are ignored, so
     * several subtasks' state can be offered to it.
     *
     * @throws IllegalStateException if the stored key serializer cannot read this job's keys
     */
    public void restore(RestoredKeyedState restoredState) {
        if (restoredState.keySerializerSnapshot() != null) {
            StateCompatibility.checkKeys(keySerializer, restoredState.keySerializerSnapshot(), owner);
            restoredKeySerializerSnapshot = restoredState.keySerializerSnapshot();
        }
        restoredState.states().forEach((name, state) -> {
            Map<Integer, Map<Object, Object>> inRange = new TreeMap<>();
            state.keyGroups().forEach((keyGroup, entries) -> {
                if (keyGroupRange.contains(keyGroup)) {
                    inRange.put(keyGroup, entries);
                }
            });
            RestoredKeyedState.State previous = restored.get(name);
            if (previous != null) {
                previous.keyGroups().keySet().stream().filter(inRange::containsKey).findFirst().ifPresent(twice -> {
                    throw new IllegalStateException("Key group " + twice + " of state '" + name + "' of " + owner
                            + " is in two of the snapshots restored into key groups " + keyGroupRange
                            + ": each key group must come from exactly one snapshot");
                });
                inRange.putAll(previous.keyGroups());
            }
            restored.put(name, new RestoredKeyedState.State(state.kind(), state.serializerSnapshots(), inRange));
        });
    }

    /** Reads each blob with {@link KeyedStateSnapshot#deserialize} and restores it as above. */
    @Override
    public void restore(List<byte[]> snapshots) throws java.io.IOException {
        for (byte[] snapshot : snapshots) {
            restore(KeyedStateSnapshot.deserialize(snapshot, classLoader));
        }
    }

    @Override
    public KeyedStateSnapshot snapshot(long checkpointId) {
        return snapshot();
    }

    @SuppressWarnings("unchecked")
    private void fillFromRestored(String name, AbstractHeapState<?> state) {
        RestoredKeyedState.State stored = restored.remove(name);
        if (stored == null) {
            return;
        }
        Map<Integer, Map<Object, Object>> groups = stored.keyGroups();
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
        List<KeyedStateSnapshot.Part> parts = new ArrayList<>();
        KeyGroupRange range = keyGroupRange();
        for (Map.Entry<String, AbstractHeapState<?>> entry : states.entrySet()) {
            StateDescriptor<?, ?> descriptor = entry.getValue().descriptor();
            StateTable<?, ?> table = entry.getValue().table();
            KeyedStateSnapshot.KeyGroupEntries[] groups = new KeyedStateSnapshot.KeyGroupEntries[range.size()];
            for (int i = 0; i < groups.length; i++) {
                groups[i] = entriesOf(table.mapForKeyGroup(range.startKeyGroup() + i).snapshot());
            }
            List<TypeSerializer<?>> serializers = StateValueFormat.serializersOf(descriptor);
            parts.add(new KeyedStateSnapshot.Part(entry.getKey(), descriptor.getType(), snapshotsOf(serializers),
                    new StateValueFormat(descriptor.getType(), serializers).duplicate(), groups));
        }
        restored.forEach((name, stored) -> parts.add(dormantPart(name, stored, range)));
        return new KeyedStateSnapshot(range, keySerializer.duplicate(), parts, owner);
    }

    /** A restored state nobody asked for yet, written again with the serializers that wrote it. */
    private static KeyedStateSnapshot.Part dormantPart(String name, RestoredKeyedState.State stored,
                                                       KeyGroupRange range) {
        KeyedStateSnapshot.KeyGroupEntries[] groups = new KeyedStateSnapshot.KeyGroupEntries[range.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = entriesOf(stored.keyGroups().getOrDefault(range.startKeyGroup() + i, Map.of()));
        }
        if (stored.kind() == null) {
            return new KeyedStateSnapshot.Part(name, null, List.of(KeyedStateSnapshot.untypedSerializer()
                    .snapshotConfiguration()), new StateValueFormat(StateDescriptor.Type.VALUE,
                    List.of(KeyedStateSnapshot.untypedSerializer())), groups);
        }
        return new KeyedStateSnapshot.Part(name, stored.kind(), stored.serializerSnapshots(),
                new StateValueFormat(stored.kind(), stored.restoredSerializers()), groups);
    }

    private static List<TypeSerializerSnapshot<?>> snapshotsOf(List<TypeSerializer<?>> serializers) {
        List<TypeSerializerSnapshot<?>> snapshots = new ArrayList<>();
        for (TypeSerializer<?> serializer : serializers) {
            snapshots.add(serializer.snapshotConfiguration());
        }
        return snapshots;
    }

    private static KeyedStateSnapshot.KeyGroupEntries entriesOf(StateMapSnapshot<?, ?> map) {
        return new KeyedStateSnapshot.KeyGroupEntries() {
            @Override
            public int size() {
                return map.size();
            }

            @Override
            @SuppressWarnings("unchecked")
            public void forEach(java.util.function.BiConsumer<Object, Object> action) {
                ((StateMapSnapshot<Object, Object>) map).forEach(action);
            }
        };
    }

    private static KeyedStateSnapshot.KeyGroupEntries entriesOf(Map<Object, Object> entries) {
        return new KeyedStateSnapshot.KeyGroupEntries() {
            @Override
            public int size() {
                return entries.size();
            }

            @Override
            public void forEach(java.util.function.BiConsumer<Object, Object> action) {
                entries.forEach(action);
            }
        };
    }

    /** The operator owning this backend, for messages: "operator 'Count'". */
    String owner() {
        return owner;
    }

    /** The key serializer's snapshot stored in the restored checkpoint, or null. */
    TypeSerializerSnapshot<?> restoredKeySerializerSnapshot() {
        return restoredKeySerializerSnapshot;
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
