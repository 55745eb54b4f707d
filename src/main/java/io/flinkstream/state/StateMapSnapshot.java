package io.flinkstream.state;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;

/**
 * The content of a {@link StateMap} at the moment {@link StateMap#snapshot()} was called. Immutable, and safe to read
 * from any thread while the map keeps changing: the map never writes to the arrays it handed out, and copies values
 * it changes in place before changing them. Entries are visited in slot order.
 *
 * <p>The values are the map's own objects, not copies: readers must not change them.
 *
 * @param <K> the key type
 * @param <V> the state value type
 */
public final class StateMapSnapshot<K, V> implements Iterable<StateMapSnapshot.Entry<K, V>> {

    /**
     * One key and its value.
     *
     * @param key the key
     * @param value the key's state value
     */
    public record Entry<K, V>(K key, V value) {
    }

    private final Object owner;
    private final Object[] keys;
    private final Object[] values;
    private final int size;
    private final int version;
    /** Written and read only by the owning map's thread. */
    boolean released;

    StateMapSnapshot(Object owner, Object[] keys, Object[] values, int size, int version) {
        this.owner = owner;
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.version = version;
    }

    /** The map's version when the snapshot was taken; later snapshots of the same map have higher versions. */
    public int version() {
        return version;
    }

    /** The number of entries. */
    public int size() {
        return size;
    }

    /** Returns whether the snapshot has no entries. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Calls {@code action} for every entry, without allocating. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (int i = 0; i < keys.length; i++) {
            Object key = keys[i];
            if (key != null) {
                action.accept((K) key, (V) values[i]);
            }
        }
    }

    /** Iterates the entries. */
    @Override
    public Iterator<Entry<K, V>> iterator() {
        return new Iterator<>() {
            private int slot = nextOccupied(0);

            @Override
            public boolean hasNext() {
                return slot < keys.length;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Entry<K, V> next() {
                if (slot >= keys.length) {
                    throw new NoSuchElementException("The snapshot has no more entries");
                }
                Entry<K, V> entry = new Entry<>((K) keys[slot], (V) values[slot]);
                slot = nextOccupied(slot + 1);
                return entry;
            }
        };
    }

    /** Returns the entries as a new {@link HashMap}. */
    public Map<K, V> toMap() {
        Map<K, V> map = new HashMap<>(size * 2);
        forEach(map::put);
        return map;
    }

    boolean isTakenFrom(Object map) {
        return owner == map;
    }

    boolean sharesArrays(Object[] mapKeys) {
        return keys == mapKeys;
    }

    private int nextOccupied(int from) {
        int slot = from;
        while (slot < keys.length && keys[slot] == null) {
            slot++;
        }
        return slot;
    }
}
