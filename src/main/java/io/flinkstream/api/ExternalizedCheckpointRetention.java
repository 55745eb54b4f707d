package io.flinkstream.api;

/**
 * What happens to a job's retained checkpoints when the job is cancelled. Whatever the choice, the checkpoints of
 * a job that <em>fails</em> (exhausts its restart strategy) are kept, so that it can be restarted from them by hand,
 * and those of a job that finishes normally are deleted.
 */
public enum ExternalizedCheckpointRetention {
    /** Keep the retained checkpoints when the job is cancelled, so that a new run can be started from them. */
    RETAIN_ON_CANCELLATION,
    /** Delete the retained checkpoints when the job is cancelled (the default). */
    DELETE_ON_CANCELLATION
}
