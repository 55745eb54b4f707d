package io.flinkstream.state;

import io.flinkstream.api.state.State;
import io.flinkstream.api.state.StateDescriptor;

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

    /** Drops all state; the backend cannot be used afterwards. Closing twice is allowed. */
    @Override
    void close();
}
