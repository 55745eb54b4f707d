package io.flinkstream.state;

import java.util.function.UnaryOperator;

/**
 * All entries of one registered state in one backend: one {@link StateMap} per key group of the backend's range, so
 * that snapshots and rescaling can handle state key group by key group.
 *
 * <p>The {@code copyOnWrite} function given to the maps decides how a value that a snapshot may still hold is copied
 * before it is changed in place. List and map states pass a collection copy. Value, reducing and aggregating states
 * pass none for now: their values are replaced, but a reduce or aggregate function that changes its accumulator in
 * place would change a snapshot too. The serializers of the snapshot work are meant to plug a deep copy in here.
 *
 * <p>Not thread-safe, like the maps.
 *
 * @param <K> the key type
 * @param <V> the state value type
 */
public final class StateTable<K, V> {
    private final KeyGroupRange keyGroupRange;
    private final StateMap<K, V>[] maps;

    /**
     * Creates an empty table.
     *
     * @param keyGroupRange the key groups to hold; must not be empty
     * @param copyOnWrite see the class comment; null when values are never changed in place
     * @throws IllegalArgumentException if the range is empty
     */
    @SuppressWarnings("unchecked")
    public StateTable(KeyGroupRange keyGroupRange, UnaryOperator<V> copyOnWrite) {
        if (keyGroupRange.isEmpty()) {
            throw new IllegalArgumentException("A state table needs at least one key group");
        }
        this.keyGroupRange = keyGroupRange;
        this.maps = (StateMap<K, V>[]) new StateMap<?, ?>[keyGroupRange.size()];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = new StateMap<>(copyOnWrite);
        }
    }

    /** The key groups this table holds. */
    public KeyGroupRange keyGroupRange() {
        return keyGroupRange;
    }

    /**
     * The map of one key group. On the per-record path the backend has already checked the key group, so this does
     * not check it again.
     *
     * @param keyGroup a key group in {@link #keyGroupRange()}
     * @throws ArrayIndexOutOfBoundsException for a key group outside the range
     */
    public StateMap<K, V> mapForKeyGroup(int keyGroup) {
        return maps[keyGroup - keyGroupRange.startKeyGroup()];
    }

    /** Returns the value of {@code key} in {@code keyGroup}, or null. */
    public V get(K key, int keyGroup) {
        return checkedMap(keyGroup).get(key);
    }

    /** Sets the value of {@code key} in {@code keyGroup}; see {@link StateMap#put(Object, Object)}. */
    public V put(K key, int keyGroup, V value) {
        return checkedMap(keyGroup).put(key, value);
    }

    /** Removes {@code key} from {@code keyGroup}; returns its value, or null. */
    public V remove(K key, int keyGroup) {
        return checkedMap(keyGroup).remove(key);
    }

    /** The number of keys with a value, over all key groups. */
    public int size() {
        int size = 0;
        for (StateMap<K, V> map : maps) {
            size += map.size();
        }
        return size;
    }

    /** Removes all keys of all key groups. */
    public void clear() {
        for (StateMap<K, V> map : maps) {
            map.clear();
        }
    }

    private StateMap<K, V> checkedMap(int keyGroup) {
        if (!keyGroupRange.contains(keyGroup)) {
            throw new IllegalArgumentException("Key group " + keyGroup + " is not in this table's range "
                    + keyGroupRange);
        }
        return mapForKeyGroup(keyGroup);
    }
}
