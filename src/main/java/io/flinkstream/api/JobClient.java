package io.flinkstream.api;

import java.util.concurrent.CompletableFuture;

/**
 * A handle on a running job, returned by {@link StreamExecutionEnvironment#executeAsync(String)}.
 *
 * <pre>{@code
 * JobClient job = env.executeAsync("counts");
 * job.getJobStatus().get();               // RUNNING
 * job.cancel().get();
 * job.getJobExecutionResult().get();      // fails with the cancellation
 * }</pre>
 */
public interface JobClient {
    /** The job's id. */
    String getJobID();

    /** The job's current status. */
    CompletableFuture<JobStatus> getJobStatus();

    /** The job's counters, as last reported by its subtasks (about every second). */
    CompletableFuture<JobMetrics> getJobMetrics();

    /** Statistics of the job's checkpoints so far, oldest first (also in {@link JobMetrics#checkpoints()}). */
    default CompletableFuture<java.util.List<CheckpointStats>> getCheckpointStats() {
        return getJobMetrics().thenApply(JobMetrics::checkpoints);
    }

    /** Asks the job to stop; completes once the request is accepted. */
    CompletableFuture<Void> cancel();

    /**
     * Completes when the job has ended and all of its subtask actors are gone: normally when it finished,
     * exceptionally with a {@link JobExecutionException} when it failed or was cancelled.
     */
    CompletableFuture<JobExecutionResult> getJobExecutionResult();
}
