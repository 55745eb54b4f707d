package io.flinkstream.checkpoint;

/**
 * Why a checkpoint ended without completing, and whether that counts towards the job's tolerable checkpoint
 * failures ({@code CheckpointConfig.setTolerableCheckpointFailureNumber}). Only failures that point at a problem
 * count; checkpoints dropped because of something else (a newer checkpoint, a restart) do not.
 */
public enum CheckpointFailureReason {
    /** Not all tasks acknowledged within the checkpoint timeout. Counts. */
    EXPIRED(true),
    /** A task could not take its snapshot, or gave up on the checkpoint after a cancellation barrier. Counts. */
    DECLINED(true),
    /** Writing state or the metadata to the snapshot store failed. Counts. */
    WRITE_FAILED(true),
    /** A task was not running yet (deploying, restoring) or had already finished. Does not count. */
    TASK_NOT_READY(false),
    /** A newer checkpoint completed first, so this one is no longer needed. Does not count. */
    SUBSUMED(false),
    /** The job is failing over or stopping. Does not count. */
    JOB_FAILOVER(false);

    private final boolean countsAsFailure;

    CheckpointFailureReason(boolean countsAsFailure) {
        this.countsAsFailure = countsAsFailure;
    }

    /** Whether this reason counts towards the tolerable checkpoint failure number. */
    public boolean countsAsFailure() {
        return countsAsFailure;
    }
}
