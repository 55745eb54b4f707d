package io.flinkstream.state;

import io.flinkstream.api.state.State;
import io.flinkstream.api.state.StateDescriptor;
import java.util.function.UnaryOperator;

/**
 * What the five heap states share: the table of entries, and access to the current key's entry with a one-slot
 * cache, so that a read followed by a write for the same record (the usual {@code value()} then {@code update()})
 * probes the hash map once.
 *
 * <p>The cache holds the key group's map, the slot found there (or the free slot where the key would go) and two
 * stamps: the backend's key epoch, which changes on every {@code setCurrentKey}, and the map's structure stamp,
 * which changes on insertion, removal, resize, clear and snapshot. A slot is reused only while both are unchanged.
 *
 * @param <V> the type stored per key: the value, the list, the map or the accumulator
 */
abstract class AbstractHeapState<V> implements State {
    private final HeapKeyedStateBackend backend;
    private final StateDescriptor<?, ?> descriptor;
    private final StateTable<Object, V> table;

    private long cachedKeyEpoch = -1;
    private StateMap<Object, V> cachedMap;
    private int cachedStamp;
    private int cachedSlot;

    AbstractHeapState(HeapKeyedStateBackend backend, StateDescriptor<?, ?> descriptor, UnaryOperator<V> copyOnWrite) {
        this.backend = backend;
        this.descriptor = descriptor;
        this.table = new StateTable<>(backend.keyGroupRange(), copyOnWrite);
    }

    /** Removes the current key's entry. */
    @Override
    public final void clear() {
        int slot = lookup();
        if (slot >= 0) {
            cachedMap.removeAt(slot);
        }
    }

    final StateDescriptor<?, ?> descriptor() {
        return descriptor;
    }

    final StateTable<Object, V> table() {
        return table;
    }

    /** The current key's entry for reading, or null. */
    final V currentValue() {
        int slot = lookup();
        return slot >= 0 ? cachedMap.valueAt(slot) : null;
    }

    /** The current key's entry, safe to change in place (see {@link StateMap#valueForUpdate(int)}), or null. */
    final V currentValueForUpdate() {
        int slot = lookup();
        return slot >= 0 ? cachedMap.valueForUpdate(slot) : null;
    }

    /**
     * The current key's entry: for reading only when {@code mutable} is false (immutable values are shared with
     * snapshots for free), else safe to change in place, as {@link #currentValueForUpdate()}.
     */
    final V currentValue(boolean mutable) {
        return mutable ? currentValueForUpdate() : currentValue();
    }

    /** Sets the current key's entry; {@code value} must not be null. */
    final void setCurrentValue(V value) {
        int slot = lookup();
        StateMap<Object, V> map = cachedMap;
        if (slot >= 0) {
            map.setValueAt(slot, value);
        } else {
            cachedSlot = map.insertAt(slot, backend.getCurrentKey(), backend.currentKeyHash(), value);
            cachedStamp = map.structureStamp();
        }
    }

    /** The current key; throws if none is set. */
    final Object currentKey() {
        return backend.currentKeyFor(this);
    }

    /**
     * A copy of {@code value} made with {@code serializer}; a value no serializer can copy fails naming this state
     * and its operator.
     */
    final <X> X copyOf(io.flinkstream.api.typeutils.TypeSerializer<X> serializer, X value) {
        try {
            return serializer.copy(value);
        } catch (io.flinkstream.api.typeutils.runtime.UnserializableTypeException e) {
            throw e.in(describe() + " of " + backend.owner());
        }
    }

    /** "ListState 'pending'", for messages. */
    final String describe() {
        return descriptor.getType().stateInterfaceName() + " '" + descriptor.getName() + "'";
    }

    /** The current key's slot in {@link #cachedMap}, or {@code ~freeSlot} if it has no entry. */
    private int lookup() {
        if (cachedKeyEpoch == backend.keyEpoch() && cachedMap.structureStamp() == cachedStamp) {
            return cachedSlot;
        }
        Object key = backend.currentKeyFor(this);
        StateMap<Object, V> map = table.mapForKeyGroup(backend.getCurrentKeyGroup());
        int slot = map.findSlot(key, backend.currentKeyHash());
        cachedMap = map;
        cachedKeyEpoch = backend.keyEpoch();
        cachedStamp = map.structureStamp();
        cachedSlot = slot;
        return slot;
    }
}
