/**
 * Checkpointing and recovery as pure decision logic and storage, with no actors: barrier alignment in a subtask
 * ({@link io.flinkstream.checkpoint.BarrierAligner}), the coordinator's bookkeeping of pending, completed, subsumed
 * and expired checkpoints and of tolerable failures ({@link io.flinkstream.checkpoint.CheckpointPlanner}), restart
 * back-off ({@link io.flinkstream.checkpoint.RestartBackoff}), and where snapshots are kept: the pluggable
 * {@link io.flinkstream.checkpoint.SnapshotStore} with its in-memory and file-system implementations, state handles
 * with checksums, and the checkpoint metadata format. The decision classes take time as an argument and are not
 * thread-safe: each belongs to one actor, which wires it to messages and runs store I/O on a blocking dispatcher.
 * Restores are decided here too: operator identity ({@link io.flinkstream.checkpoint.OperatorId}), the version-2
 * metadata of operators and tagged handles, and {@link io.flinkstream.checkpoint.StateAssignment}, which checks a
 * checkpoint against the job restoring it and says which handles each new subtask reads at any parallelism.
 * This package may depend on the JDK, Jackson, the configuration value types of {@code io.flinkstream.api}
 * ({@code CheckpointConfig}, {@code CheckpointingMode}, {@code RestartStrategyConfiguration}) and the pure key-group
 * types of {@code io.flinkstream.state} ({@code KeyGroupRange}, {@code KeyGroupRangeAssignment},
 * {@code ListRedistribution}); the runtime depends on it, never the other way round.
 */
package io.flinkstream.checkpoint;
