package io.flinkstream.api;

/** What {@link CheckpointedFunction#snapshotState(FunctionSnapshotContext)} is told about the checkpoint. */
public interface FunctionSnapshotContext {
    /** The id of the checkpoint being taken; ids increase over the life of a job. */
    long getCheckpointId();
}
