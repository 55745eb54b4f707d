/**
 * The engine side of keyed state: how keys map to key groups and key groups to subtasks
 * ({@link io.flinkstream.state.KeyGroupRangeAssignment}, {@link io.flinkstream.state.KeyGroupRange}), the
 * {@link io.flinkstream.state.KeyedStateBackend} contract the runtime drives, and its heap implementation: one
 * {@link io.flinkstream.state.StateTable} per registered state, holding one open-addressing
 * {@link io.flinkstream.state.StateMap} per key group so that state can later be snapshotted, and redistributed on
 * rescaling, key group by key group. State maps support O(1) copy-on-write snapshots that another thread can read
 * while processing continues. Operator state (per subtask, not per key) lives here too:
 * {@link io.flinkstream.state.HeapOperatorStateStore} holds a function's named lists, and
 * {@link io.flinkstream.state.OperatorStateSnapshot} is what a checkpoint stores of them and how a restore hands them
 * out (union lists to every subtask). Nothing here is thread-safe: a backend belongs to the one actor running its
 * subtask, and only snapshots may cross threads. This package may depend on {@code io.flinkstream.api},
 * {@code io.flinkstream.api.state} and the JDK only; the runtime depends on it, never the other way round.
 */
package io.flinkstream.state;
