package io.flinkstream.api;

/**
 * Implemented by user functions (and sources' readers) that act when a checkpoint is complete, e.g. a sink that
 * makes a transaction visible only once the checkpoint that includes it is durable.
 */
public interface CheckpointListener {
    /** Checkpoint {@code checkpointId} is complete: its state is durable. */
    void notifyCheckpointComplete(long checkpointId) throws Exception;

    /** Checkpoint {@code checkpointId} was aborted; its state will never be used. */
    default void notifyCheckpointAborted(long checkpointId) throws Exception {
    }
}
