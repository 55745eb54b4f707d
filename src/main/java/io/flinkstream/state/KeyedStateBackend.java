package io.flinkstream.state;

import io.flinkstream.api.state.State;
import io.flinkstream.api.state.StateDescriptor;

import java.io.IOException;
import java.util.List;

/**
 * The keyed state of one subtask of a keyed operator: every state the operator's function registers, for every key
 * of the key groups the subtask owns.
 *
 * <p>The runtime sets the current key before handing each record (or timer) to the function; every state access then
 * reads or writes that key's entry:
 *
 * <pre>{@code
 * int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, backend.maxParallelism());
 * backend.setCurrentKey(key, keyGroup);
 * function.processElement(record, ...);   // uses ValueState.value()/update() etc.
 * }</pre>
 *
 * <p>The backend owns its snapshots and restores, so the runtime never needs to know which backend it drives: it
 * asks the job's {@link io.flinkstream.api.StateBackend} to create one, calls {@link #snapshot(long)} at each
 * checkpoint barrier and writes what the snapshot serializes on another thread, and hands a restored subtask the
 * blobs of every snapshot whose key groups overlap its own with {@link #restore(List)}:
 *
 * <pre>{@code
 * KeyedStateBackend.Snapshot snapshot = backend.snapshot(checkpointId);   // on the subtask's thread, fast
 * byte[] blob = snapshot.serialize();                                     // later, on the snapshot dispatcher
 * ...
 * restoredBackend.restore(List.of(blobOfSubtask0, blobOfSubtask1));        // before any state is registered
 * }</pre>
 *
 * <p>A backend belongs to the single thread (actor) running its subtask and is not thread-safe.
 */
public interface KeyedStateBackend extends AutoCloseable {
    /** The key groups this backend holds state for. */
    KeyGroupRange keyGroupRange();

    /** The job's number of key groups. */
    int maxParallelism();

    /**
     * Called by the runtime before each record; keyGroup was computed by the runtime with KeyGroupRangeAssignment.
     *
     * @param key the record's key, non-null
     * @param keyGroup the key's key group
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code keyGroup} is not in {@link #keyGroupRange()}: the record was routed
     *     to the wrong subtask
     * @throws IllegalStateException if the backend is closed
     */
    void setCurrentKey(Object key, int keyGroup);

    /**
     * A hint that the records with {@code keys[from..to)} (in key groups {@code keyGroups[from..to)}) are processed
     * next: a backend may start loading their state now, so that the loads of many keys overlap instead of each
     * record waiting for its own. Changes nothing observable; the default does nothing.
     */
    default void prefetch(Object[] keys, int[] keyGroups, int from, int to) {
    }

    /** The key set by the last {@link #setCurrentKey(Object, int)}, or null if none. */
    Object getCurrentKey();

    /** The key group set by the last {@link #setCurrentKey(Object, int)}, or -1 if none. */
    int getCurrentKeyGroup();

    /**
     * Same name returns the same state object; the same name with another state type or value class ->
     * IllegalStateException naming both.
     *
     * <p>Using the returned state while no current key is set throws {@link IllegalStateException}.
     *
     * @param descriptor names and types the state
     * @return the state, bound to this backend's current key
     * @throws IllegalStateException if the name is taken by an incompatible state, or the backend is closed
     */
    <S extends State> S getOrCreateKeyedState(StateDescriptor<S, ?> descriptor);

    /**
     * The synchronous part of a checkpoint: a consistent view of all keyed state (including state restored and not
     * registered yet) that {@link Snapshot#serialize()} can write from another thread while this backend goes on.
     * Must be fast: it runs while the barrier waits.
     */
    Snapshot snapshot(long checkpointId);

    /**
     * Restores the keyed state of earlier snapshots of this kind of backend, before any state is registered. Each
     * blob holds the key groups of one old subtask; key groups outside {@link #keyGroupRange()} are skipped, so a
     * restore at another parallelism may hand over every blob that overlaps this backend's range.
     *
     * @throws IOException if a blob is damaged or needs a class that is missing
     * @throws IllegalStateException if a key group is restored twice, or the stored keys cannot be read with this
     *     job's key serializer
     */
    void restore(List<byte[]> snapshots) throws IOException;

    /** The state a {@link #snapshot(long)} captured, to be written asynchronously. */
    interface Snapshot {
        /** The key groups the snapshot holds. */
        KeyGroupRange keyGroupRange();

        /** Writes the snapshot's bytes; safe to call from any thread while the backend keeps changing. */
        byte[] serialize() throws IOException;
    }

    /** Drops all state; the backend cannot be used afterwards. Closing twice is allowed. */
    @Override
    void close();
}
