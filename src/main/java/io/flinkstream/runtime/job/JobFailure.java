package io.flinkstream.runtime.job;

import io.flinkstream.checkpoint.IntactCheckpointSearch;

import java.time.Duration;

/**
 * Why a job or its running attempt failed, worded for the user: the message the log and the job's exception carry
 * (naming the job, the operator or subtask, and what to check) and the exception behind it. One factory per way a job
 * fails; whether the failure restarts the job is the {@link AttemptHistory}'s decision. Pure.
 *
 * @param message what failed, naming the job
 * @param cause the exception behind it, or null
 */
record JobFailure(String message, Throwable cause) {

    /** Not every subtask reported deployed within {@code timeout}. */
    static JobFailure deployTimedOut(String jobName, Duration timeout) {
        return new JobFailure("Job '" + jobName + "' could not deploy its subtasks within " + timeout.toSeconds()
                + " s: check that the node is Up and Cluster Sharding is running (see the log)", null);
    }

    /** The state backend could not open the job's snapshot store. */
    static JobFailure snapshotStoreUnavailable(String jobName, Exception error) {
        return new JobFailure("Job '" + jobName + "' cannot take checkpoints: its state backend could not open its "
                + "snapshot store: " + error.getMessage(), error);
    }

    /** Checkpoints failed more often in a row than tolerated, as the coordinator explains in {@code reason}. */
    static JobFailure checkpointingFailed(String jobName, String reason) {
        return new JobFailure("Job '" + jobName + "' failed: " + reason, null);
    }

    /** Operator {@code operator} of subtask {@code subtask} (counting from 0) threw {@code cause}. */
    static JobFailure operatorThrew(String jobName, String operator, int subtask, int parallelism, Throwable cause) {
        return new JobFailure("Job '" + jobName + "' failed: operator '" + operator + "' (subtask " + (subtask + 1)
                + "/" + parallelism + ") threw " + cause, cause);
    }

    /** The actor of subtask {@code subtask} (counting from 0) of vertex {@code vertexName} stopped before finishing. */
    static JobFailure actorStopped(String jobName, String vertexName, int subtask, int parallelism) {
        return new JobFailure("Job '" + jobName + "' failed: the actor of '" + vertexName + "' (subtask "
                + (subtask + 1) + "/" + parallelism + ") stopped unexpectedly", null);
    }

    /**
     * The retained checkpoint under {@code path} the job was to start from could not be read; {@code error} is what
     * the lookup completed with (its cause is used when it wraps one).
     */
    static JobFailure cannotStartFrom(String jobName, String path, Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return new JobFailure("Job '" + jobName + "' cannot start from checkpoint '" + path + "': "
                + cause.getMessage() + ". Give the _metadata file or chk-<n> directory of a completed checkpoint, or "
                + "the job's checkpoint directory for its latest one", cause);
    }

    /** The checkpoint under {@code path} does not fit this job, for each of {@code problems}. */
    static JobFailure stateDoesNotFit(String jobName, String path, java.util.List<String> problems) {
        String message = "Job '" + jobName + "' cannot start from checkpoint '" + path + "': "
                + String.join("; ", problems);
        return new JobFailure(message, new IllegalStateException(message));
    }

    /** The job's checkpoints could not be read to choose the one a restart restores from. */
    static JobFailure cannotRestart(String jobName, Throwable error) {
        return new JobFailure("Job '" + jobName + "' cannot restart: its checkpoints could not be read: " + error,
                error);
    }

    /** Checkpoints of the job were completed, but every one left is damaged: {@code found} names each. */
    static JobFailure noIntactCheckpoint(String jobName, IntactCheckpointSearch.Result found) {
        String which = found.damaged().isEmpty() ? "its completed checkpoints are gone from the snapshot store "
                + "(their _metadata is missing)" : "none of its retained checkpoints is intact (" + found.describeDamaged()
                + ")";
        return new JobFailure("Job '" + jobName + "' cannot restart: " + which + ", and starting without state would "
                + "repeat output already committed. "
                + "Restore an intact copy of one of them with restoreFromCheckpoint, or start the job afresh", null);
    }
}
