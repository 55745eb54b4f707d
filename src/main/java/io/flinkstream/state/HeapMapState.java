package io.flinkstream.state;

import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.typeutils.TypeSerializer;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@link MapState} on the heap: a {@link HashMap} per key, changed in place. A map that a snapshot may hold is copied
 * before it is changed; an empty map is never stored, the key's entry is removed instead.
 */
final class HeapMapState<UK, UV> extends AbstractHeapState<HashMap<UK, UV>> implements MapState<UK, UV> {
    private final TypeSerializer<UK> keySerializer;
    private final TypeSerializer<UV> valueSerializer;
    /** Whether user keys or values are of a mutable type: then they are copied in and handed out from an own map. */
    private final boolean mutable;

    HeapMapState(HeapKeyedStateBackend backend, MapStateDescriptor<UK, UV> descriptor) {
        this(backend, descriptor, descriptor.getUserKeySerializer().duplicate(),
                descriptor.getUserValueSerializer().duplicate());
    }

    private HeapMapState(HeapKeyedStateBackend backend, MapStateDescriptor<UK, UV> descriptor,
                         TypeSerializer<UK> keySerializer, TypeSerializer<UV> valueSerializer) {
        super(backend, descriptor, mapCopier(keySerializer, valueSerializer));
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.mutable = !keySerializer.isImmutableType() || !valueSerializer.isImmutableType();
    }

    private static <K, V> java.util.function.UnaryOperator<HashMap<K, V>> mapCopier(TypeSerializer<K> keys,
                                                                                 TypeSerializer<V> values) {
        if (keys.isImmutableType() && values.isImmutableType()) {
            return HashMap::new;
        }
        return map -> {
            HashMap<K, V> copy = new HashMap<>(Math.max(16, map.size() * 4 / 3 + 1));
            map.forEach((k, v) -> copy.put(keys.copy(k), v == null ? null : values.copy(v)));
            return copy;
        };
    }

    private UV ownValue(UV value) {
        return value == null || valueSerializer.isImmutableType() ? value : copyOf(valueSerializer, value);
    }

    private UK ownKey(UK key) {
        return keySerializer.isImmutableType() ? key : copyOf(keySerializer, key);
    }

    /** The current key's map: for reading, or one no pending snapshot holds when elements are mutable. */
    private HashMap<UK, UV> readable() {
        return currentValue(mutable);
    }

    @Override
    public UV get(UK key) {
        HashMap<UK, UV> map = readable();
        return map == null ? null : map.get(key);
    }

    @Override
    public void put(UK key, UV value) {
        checkKey(key);
        HashMap<UK, UV> map = currentValueForUpdate();
        if (map == null) {
            map = new HashMap<>();
            map.put(ownKey(key), ownValue(value));
            setCurrentValue(map);
        } else {
            map.put(ownKey(key), ownValue(value));
        }
    }

    @Override
    public void putAll(Map<UK, UV> mappings) {
        if (mappings == null || mappings.isEmpty()) {
            return;
        }
        for (UK key : mappings.keySet()) {
            checkKey(key);
        }
        HashMap<UK, UV> map = currentValueForUpdate();
        if (map == null) {
            map = new HashMap<>();
            setCurrentValue(map);
        }
        for (Map.Entry<UK, UV> entry : mappings.entrySet()) {
            map.put(ownKey(entry.getKey()), ownValue(entry.getValue()));
        }
    }

    @Override
    public void remove(UK key) {
        HashMap<UK, UV> map = currentValue();
        if (map == null || !map.containsKey(key)) {
            return;
        }
        if (map.size() == 1) {
            clear();
        } else {
            currentValueForUpdate().remove(key);
        }
    }

    @Override
    public boolean contains(UK key) {
        HashMap<UK, UV> map = currentValue();
        return map != null && map.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
        HashMap<UK, UV> map = readable();
        return map == null ? Collections.emptySet() : Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public Iterable<UK> keys() {
        HashMap<UK, UV> map = readable();
        return map == null ? Collections.emptySet() : Collections.unmodifiableSet(map.keySet());
    }

    @Override
    public Iterable<UV> values() {
        HashMap<UK, UV> map = readable();
        return map == null ? Collections.emptyList() : Collections.unmodifiableCollection(map.values());
    }

    @Override
    public Iterator<Map.Entry<UK, UV>> iterator() {
        HashMap<UK, UV> map = readable();
        return map == null ? Collections.emptyIterator() : new RemovingIterator(map);
    }

    @Override
    public boolean isEmpty() {
        return currentValue() == null;
    }

    private void checkKey(UK key) {
        if (key == null) {
            throw new NullPointerException(describe() + " does not accept null user keys");
        }
    }

    /**
     * Iterates the map the current key had when {@link #iterator()} was called. Removal goes through copy-on-write:
     * if a snapshot holds the iterated map, the first removal copies it, and iteration then continues over the
     * (now unchanging) original while removals go to the copy.
     */
    private final class RemovingIterator implements Iterator<Map.Entry<UK, UV>> {
        private final HashMap<UK, UV> iterated;
        private final Iterator<Map.Entry<UK, UV>> delegate;
        private final Object key;
        private UK lastUserKey;
        private boolean canRemove;

        RemovingIterator(HashMap<UK, UV> iterated) {
            this.iterated = iterated;
            this.delegate = iterated.entrySet().iterator();
            this.key = currentKey();
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public Map.Entry<UK, UV> next() {
            Map.Entry<UK, UV> entry = delegate.next();
            lastUserKey = entry.getKey();
            canRemove = true;
            return new AbstractMap.SimpleImmutableEntry<>(entry);
        }

        @Override
        public void remove() {
            if (!canRemove) {
                throw new IllegalStateException("remove() of " + describe() + " must follow a call to next()");
            }
            if (!key.equals(currentKey())) {
                throw new IllegalStateException("The current key changed since " + describe() + ".iterator() was "
                        + "called; an iterator can only remove entries of its own key");
            }
            canRemove = false;
            HashMap<UK, UV> owned = currentValueForUpdate();
            if (owned == null) {
                return;
            }
            if (owned == iterated) {
                delegate.remove();
            } else {
                owned.remove(lastUserKey);
            }
            if (owned.isEmpty()) {
                clear();
            }
        }
    }
}
