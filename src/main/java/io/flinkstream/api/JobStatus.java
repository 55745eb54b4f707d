package io.flinkstream.api;

/** The life cycle of a job. */
public enum JobStatus {
    /** Submitted; subtasks are being deployed. */
    CREATED,
    /** Every subtask is deployed and running. */
    RUNNING,
    /** A subtask failed; the others are being stopped. */
    FAILING,
    /** The job failed; the cause is in its result. */
    FAILED,
    /** A subtask failed; the job restarts from its latest completed checkpoint. */
    RESTARTING,
    /** Cancellation was requested; subtasks are being stopped. */
    CANCELLING,
    /** The job was cancelled. */
    CANCELED,
    /** Every subtask finished. */
    FINISHED;

    /** Whether the job has ended and will not change any more. */
    public boolean isTerminal() {
        return this == FAILED || this == CANCELED || this == FINISHED;
    }
}
