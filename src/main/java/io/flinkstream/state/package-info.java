/**
 * The engine side of keyed state: how keys map to key groups and key groups to subtasks
 * ({@link io.flinkstream.state.KeyGroupRangeAssignment}, {@link io.flinkstream.state.KeyGroupRange}), the
 * {@link io.flinkstream.state.KeyedStateBackend} contract the runtime drives, and its heap implementation: one
 * {@link io.flinkstream.state.StateTable} per registered state, holding one open-addressing
 * {@link io.flinkstream.state.StateMap} per key group so that state can later be snapshotted, and redistributed on
 * rescaling, key group by key group. State maps support O(1) copy-on-write snapshots that another thread can read
 * while processing continues. Nothing here is thread-safe: a backend belongs to the one actor running its subtask,
 * and only snapshots may cross threads. This package may depend on {@code io.flinkstream.api},
 * {@code io.flinkstream.api.state} and the JDK only; the runtime depends on it, never the other way round.
 */
package io.flinkstream.state;
