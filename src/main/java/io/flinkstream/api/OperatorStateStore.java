package io.flinkstream.api;

import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;

/**
 * The operator state of one function in one subtask: named lists, kept in memory and stored with every checkpoint.
 * The {@link ListState} methods act on the subtask's one list (there is no current key). Elements are stored with
 * Java serialization, so they must be {@link java.io.Serializable}; keep operator state small, it is copied
 * synchronously at every checkpoint.
 *
 * <pre>{@code
 * ListState<Long> offsets = context.getOperatorStateStore()
 *         .getListState(new ListStateDescriptor<>("offsets", Long.class));
 * }</pre>
 */
public interface OperatorStateStore {
    /**
     * A list that goes back to the same subtask on restore (restoring needs the same parallelism today). Asking
     * twice for the same name returns the same list.
     *
     * @throws IllegalStateException if the name is already used by a union list
     */
    <S> ListState<S> getListState(ListStateDescriptor<S> descriptor) throws Exception;

    /**
     * A list of which every subtask gets, on restore, the union of all subtasks' lists (in subtask order), e.g. to
     * let every subtask see all offsets and pick its own.
     *
     * @throws IllegalStateException if the name is already used by a non-union list
     */
    <S> ListState<S> getUnionListState(ListStateDescriptor<S> descriptor) throws Exception;
}
