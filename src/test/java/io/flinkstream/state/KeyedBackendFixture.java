package io.flinkstream.state;

/** Builds heap backends for tests and sets keys the way the runtime does. */
final class KeyedBackendFixture {
    static final int MAX_PARALLELISM = 128;

    private KeyedBackendFixture() {
    }

    /** A backend owning all 128 key groups. */
    static HeapKeyedStateBackend allKeyGroups() {
        return new HeapKeyedStateBackend(KeyGroupRange.of(0, MAX_PARALLELISM - 1), MAX_PARALLELISM);
    }

    /** A backend with a single key group, so that every key lands in the same state map. */
    static HeapKeyedStateBackend singleKeyGroup() {
        return new HeapKeyedStateBackend(KeyGroupRange.of(0, 0), 1);
    }

    /** Sets {@code key} as current key with its proper key group. */
    static void setKey(KeyedStateBackend backend, Object key) {
        backend.setCurrentKey(key, KeyGroupRangeAssignment.assignToKeyGroup(key, backend.maxParallelism()));
    }

    /** The table of a registered state, typed for tests. */
    @SuppressWarnings("unchecked")
    static <V> StateTable<Object, V> table(HeapKeyedStateBackend backend, String stateName) {
        return (StateTable<Object, V>) backend.stateTable(stateName);
    }

    /** The state map holding the current key. */
    static <V> StateMap<Object, V> currentMap(HeapKeyedStateBackend backend, String stateName) {
        StateTable<Object, V> table = table(backend, stateName);
        return table.mapForKeyGroup(backend.getCurrentKeyGroup());
    }
}
