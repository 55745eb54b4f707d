package io.flinkstream.state;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The state of one key group for one registered state: a hash map from keys to state values, built for the
 * per-record path and for copy-on-write snapshots.
 *
 * <p>Layout: open addressing with linear probing over parallel arrays ({@code keys}, {@code values}, the keys'
 * {@code hashes} and the slots' {@code versions}), power-of-two capacity, at most 3/4 full; removal shifts the
 * following entries back instead of leaving tombstones, so lookups never wade through dead slots. The slot of a hash
 * is taken from its top bits after a Fibonacci multiply: the key group already consumed the low bits of another mix
 * of the same {@code hashCode()}, and all keys of this map share them.
 *
 * <p>Snapshots: {@link #snapshot()} is O(1). It hands the current {@code keys} and {@code values} arrays to an
 * immutable {@link StateMapSnapshot} and marks them shared; the first write afterwards copies both arrays (a memcpy)
 * and writes to the copy, so the snapshot never changes. Snapshots never read {@code hashes} or {@code versions}, so
 * those stay private to the map and are never copied. Values changed in place (the list of a list state, the map
 * of a map state) are protected per slot: each slot records the version of the map in which its value was written,
 * each snapshot advances the version, and {@link #valueForUpdate(int)} hands out a copy (made by the
 * {@code copyOnWrite} function) instead of a value that a snapshot may still hold.
 *
 * <p>Snapshots are managed by the garbage collector: the map keeps no reference to them, so a dropped snapshot leaks
 * nothing. {@link #releaseSnapshot(StateMapSnapshot)} is an optimisation: once every snapshot is released, writes
 * stop copying.
 *
 * <p>Not thread-safe: one thread (the subtask's actor) calls all methods. Only snapshots may be read elsewhere.
 *
 * @param <K> the key type
 * @param <V> the state value type
 */
public final class StateMap<K, V> {
    private static final int MIN_CAPACITY = 8;
    private static final int MAX_CAPACITY = 1 << 30;
    /** 2^32 / golden ratio; multiplying by it spreads any bit pattern over the top bits. */
    private static final int FIBONACCI_MULTIPLIER = 0x9E3779B9;

    private final UnaryOperator<V> copyOnWrite;

    private Object[] keys;
    private Object[] values;
    private int[] hashes;
    private int[] versions;
    private int size;
    private int shift;
    private int mask;
    private int resizeThreshold;
    private int structureStamp;

    private int currentVersion = 1;
    private int latestSnapshotVersion;
    private int unreleasedSnapshots;
    private boolean arraysShared;
    private int snapshotsSharingArrays;

    /**
     * Creates an empty map.
     *
     * @param copyOnWrite copies a value before it is changed in place while a snapshot may hold it; null when values
     *     are only ever replaced, never changed in place
     */
    public StateMap(UnaryOperator<V> copyOnWrite) {
        this.copyOnWrite = copyOnWrite;
        allocate(MIN_CAPACITY);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Map operations

    /** Returns the value of {@code key}, or null. */
    public V get(K key) {
        int slot = findSlot(key, hash(key));
        return slot >= 0 ? valueAt(slot) : null;
    }

    /** Returns whether {@code key} has a value. */
    public boolean containsKey(K key) {
        return findSlot(key, hash(key)) >= 0;
    }

    /**
     * Sets the value of {@code key}.
     *
     * @return the previous value, or null
     * @throws NullPointerException if {@code key} or {@code value} is null (absence is expressed by removal)
     */
    public V put(K key, V value) {
        Objects.requireNonNull(value, "A state map does not store null values; remove the key instead");
        int hash = hash(key);
        int slot = findSlot(key, hash);
        if (slot >= 0) {
            V previous = valueAt(slot);
            setValueAt(slot, value);
            return previous;
        }
        insertAt(slot, key, hash, value);
        return null;
    }

    /** Removes {@code key}; returns its value, or null if it had none. */
    public V remove(K key) {
        int slot = findSlot(key, hash(key));
        if (slot < 0) {
            return null;
        }
        V previous = valueAt(slot);
        removeAt(slot);
        return previous;
    }

    /** The number of keys with a value. */
    public int size() {
        return size;
    }

    /** Returns whether no key has a value. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Removes all keys; snapshots taken before keep their content. */
    public void clear() {
        allocate(MIN_CAPACITY);
        size = 0;
        structureStamp++;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Snapshots

    /**
     * Returns an immutable view of the current content, in O(1). The view may be read from any thread, also while
     * this map keeps changing; pass it to {@link #releaseSnapshot(StateMapSnapshot)} when done with it.
     */
    public StateMapSnapshot<K, V> snapshot() {
        StateMapSnapshot<K, V> snapshot = new StateMapSnapshot<>(this, keys, values, size, currentVersion);
        arraysShared = true;
        snapshotsSharingArrays++;
        unreleasedSnapshots++;
        latestSnapshotVersion = currentVersion;
        currentVersion++;
        // Slots do not move on a snapshot and writes check the sharing flag, so cached slots would stay valid; the
        // bump only keeps a cached slot from outliving a snapshot should that ever change.
        structureStamp++;
        return snapshot;
    }

    /**
     * Tells the map that {@code snapshot} will not be read any more, so that writes can stop copying once no snapshot
     * is outstanding. Optional (a snapshot that is never released only costs copies); releasing twice does nothing.
     * Call it on the thread that owns the map, not on the thread that read the snapshot.
     *
     * @throws IllegalArgumentException if the snapshot was taken from another map
     */
    public void releaseSnapshot(StateMapSnapshot<K, V> snapshot) {
        if (!snapshot.isTakenFrom(this)) {
            throw new IllegalArgumentException("The snapshot was taken from another state map");
        }
        if (snapshot.released) {
            return;
        }
        snapshot.released = true;
        unreleasedSnapshots--;
        if (snapshot.sharesArrays(keys) && --snapshotsSharingArrays == 0) {
            arraysShared = false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Slot-level access for the heap states: one probe per record, then reads and writes by slot.

    /** The hash the map uses for {@code key}; computed once per record by the backend. */
    static int hash(Object key) {
        return key.hashCode() * FIBONACCI_MULTIPLIER;
    }

    /**
     * Returns the slot of {@code key}, or, if absent, {@code ~slot} of the free slot where it would be inserted. A
     * slot stays valid until {@link #structureStamp()} changes.
     */
    int findSlot(Object key, int hash) {
        Object[] ks = keys;
        int[] hs = hashes;
        int m = mask;
        int slot = hash >>> shift;
        while (true) {
            Object k = ks[slot];
            if (k == null) {
                return ~slot;
            }
            if (hs[slot] == hash && (k == key || k.equals(key))) {
                return slot;
            }
            slot = (slot + 1) & m;
        }
    }

    /**
     * Finds {@code key}'s slot and reads the header of its value, only to bring both into the cache (see
     * {@link HeapKeyedStateBackend#prefetch}); returns a number for the caller to keep, so the loads stay.
     */
    int touch(Object key, int hash) {
        int slot = findSlot(key, hash);
        if (slot < 0) {
            return 0;
        }
        Object value = values[slot];
        return value != null && value.getClass() == Long.class ? 2 : 1;
    }

    /** Changes whenever slots may have moved or been freed or filled: insert, removal, resize, clear, snapshot. */
    int structureStamp() {
        return structureStamp;
    }

    /** The value in an occupied slot, for reading only. */
    @SuppressWarnings("unchecked")
    V valueAt(int slot) {
        return (V) values[slot];
    }

    /** The value in an occupied slot, safe to change in place: copied first if a snapshot may still hold it. */
    V valueForUpdate(int slot) {
        V value = valueAt(slot);
        if (copyOnWrite != null && unreleasedSnapshots > 0 && versions[slot] <= latestSnapshotVersion) {
            value = copyOnWrite.apply(value);
            setValueAt(slot, value);
        }
        return value;
    }

    /** Replaces the value in an occupied slot. */
    void setValueAt(int slot, V value) {
        ensureOwnArrays();
        values[slot] = value;
        versions[slot] = currentVersion;
    }

    /**
     * Inserts an absent key.
     *
     * @param absentSlot what {@link #findSlot(Object, int)} returned for the key, with the stamp unchanged since
     * @return the key's slot
     */
    int insertAt(int absentSlot, Object key, int hash, V value) {
        int slot;
        if (size >= resizeThreshold) {
            resize();
            slot = ~findSlot(key, hash);
        } else {
            ensureOwnArrays();
            slot = ~absentSlot;
        }
        keys[slot] = key;
        values[slot] = value;
        hashes[slot] = hash;
        versions[slot] = currentVersion;
        size++;
        structureStamp++;
        return slot;
    }

    /** Removes the entry in an occupied slot, shifting back the entries whose probe sequence passed through it. */
    void removeAt(int slot) {
        ensureOwnArrays();
        int hole = slot;
        int next = slot;
        while (true) {
            next = (next + 1) & mask;
            if (keys[next] == null) {
                break;
            }
            int home = hashes[next] >>> shift;
            // The entry may fill the hole unless its home slot lies cyclically in (hole, next].
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hashes[hole] = hashes[next];
                versions[hole] = versions[next];
                hole = next;
            }
        }
        keys[hole] = null;
        values[hole] = null;
        hashes[hole] = 0;
        versions[hole] = 0;
        size--;
        structureStamp++;
    }

    /** The number of slots, for tests. */
    int capacity() {
        return keys.length;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Copies the arrays a snapshot holds before the first write to them. */
    private void ensureOwnArrays() {
        if (arraysShared) {
            keys = Arrays.copyOf(keys, keys.length);
            values = Arrays.copyOf(values, values.length);
            arraysShared = false;
            snapshotsSharingArrays = 0;
        }
    }

    private void resize() {
        int capacity = keys.length;
        if (capacity == MAX_CAPACITY) {
            throw new IllegalStateException("A state map cannot hold more than " + resizeThreshold
                    + " keys; raise the max parallelism to spread the keys over more key groups");
        }
        resizeTo(capacity * 2);
    }

    /**
     * Makes room for {@code expectedSize} keys at once. Filling a map with many keys — a restore — then costs no
     * step-by-step resizing, and keys arriving in another map's slot order do not pile up in a smaller table.
     */
    public void ensureCapacity(int expectedSize) {
        int capacity = keys.length;
        while (capacity - (capacity >>> 2) < expectedSize && capacity < MAX_CAPACITY) {
            capacity <<= 1;
        }
        if (capacity > keys.length) {
            resizeTo(capacity);
        }
    }

    private void resizeTo(int capacity) {
        Object[] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldHashes = hashes;
        int[] oldVersions = versions;
        allocate(capacity);
        // The old arrays are only read, so a snapshot holding them is unaffected and nothing needs copying first.
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = oldHashes[i] >>> shift;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
                hashes[slot] = oldHashes[i];
                versions[slot] = oldVersions[i];
            }
        }
        structureStamp++;
    }

    private void allocate(int capacity) {
        keys = new Object[capacity];
        values = new Object[capacity];
        hashes = new int[capacity];
        versions = new int[capacity];
        mask = capacity - 1;
        shift = Integer.numberOfLeadingZeros(capacity) + 1;
        resizeThreshold = capacity - (capacity >>> 2);
        arraysShared = false;
        snapshotsSharingArrays = 0;
    }
}
