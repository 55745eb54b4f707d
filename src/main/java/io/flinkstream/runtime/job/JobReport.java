package io.flinkstream.runtime.job;

import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.JobCancellationException;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.JobMetrics;
import io.flinkstream.api.JobStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * What a job reports to its client over all its attempts: its status as it goes, the statistics of the newest ended
 * checkpoints (at most the history size, oldest first) with counts over the whole run, and, once it ends, the two futures the client waits on: first the
 * final counters, then the result, or the cause the job failed or was cancelled with. No actor, no I/O.
 */
final class JobReport {
    private final String jobId;
    private final String jobName;
    private final Instant submitted;
    private final CompletableFuture<JobExecutionResult> result;
    private final CompletableFuture<JobMetrics> finalMetrics;
    private final TreeMap<Long, CheckpointStats> checkpointStats = new TreeMap<>();
    private final int historySize;
    private long triggered;
    private long completed;
    private long failed;
    private long restored;
    private JobStatus status = JobStatus.CREATED;
    private Throwable failure;

    JobReport(String jobId, String jobName, Instant submitted, CompletableFuture<JobExecutionResult> result,
              CompletableFuture<JobMetrics> finalMetrics) {
        this(jobId, jobName, submitted, result, finalMetrics,
                io.flinkstream.api.CheckpointConfig.DEFAULT_STATS_HISTORY_SIZE);
    }

    /** A report keeping the statistics of the newest {@code historySize} ended checkpoints. */
    JobReport(String jobId, String jobName, Instant submitted, CompletableFuture<JobExecutionResult> result,
              CompletableFuture<JobMetrics> finalMetrics, int historySize) {
        this.historySize = historySize;
        this.jobId = jobId;
        this.jobName = jobName;
        this.submitted = submitted;
        this.result = result;
        this.finalMetrics = finalMetrics;
    }

    /** The job's status now. */
    JobStatus status() {
        return status;
    }

    /** The job is now {@code newStatus}. */
    void status(JobStatus newStatus) {
        status = newStatus;
    }

    /**
     * The job is stopping its subtasks to end as {@code finalStatus}: it is FAILING or CANCELLING, or still RUNNING
     * while it finishes.
     */
    void ending(JobStatus finalStatus) {
        status = switch (finalStatus) {
            case FAILED -> JobStatus.FAILING;
            case CANCELED -> JobStatus.CANCELLING;
            default -> JobStatus.RUNNING;
        };
    }

    /** A checkpoint was triggered. */
    void checkpointTriggered() {
        triggered++;
    }

    /** An attempt restores from a checkpoint. */
    void restored() {
        restored++;
    }

    /**
     * A checkpoint completed or failed: counted, and kept among the newest {@code historySize}; the oldest kept one
     * is dropped when there are more.
     */
    void checkpointEnded(CheckpointStats stats) {
        if (stats.status() == CheckpointStats.Status.COMPLETED) {
            completed++;
        } else if (stats.status() == CheckpointStats.Status.FAILED) {
            failed++;
        }
        checkpointStats.put(stats.checkpointId(), stats);
        while (checkpointStats.size() > historySize) {
            checkpointStats.pollFirstEntry();
        }
    }

    /** The statistics of the newest ended checkpoints, oldest first. */
    List<CheckpointStats> checkpointStats() {
        return List.copyOf(checkpointStats.values());
    }

    /** The counts over the whole run. */
    io.flinkstream.api.CheckpointCounts checkpointCounts() {
        return new io.flinkstream.api.CheckpointCounts(completed, failed, Math.max(0, triggered - completed - failed),
                restored);
    }

    /** Unless it finishes, the job fails with {@code failure}; replaces any cause. */
    void failWith(JobFailure failure) {
        this.failure = new JobExecutionException(jobId, failure.message(), failure.cause());
    }

    /** Unless it finishes, the job ends as cancelled; replaces any cause. */
    void cancelled() {
        failure = new JobCancellationException(jobId, "Job '" + jobName + "' was cancelled");
    }

    /** How long the job has run at {@code now}, since it was submitted. */
    Duration runtime(Instant now) {
        return Duration.between(submitted, now);
    }

    /**
     * The job ended as {@code finalStatus} after {@code runtime}: completes the final counters, then the result, or,
     * unless it finished, the result with the kept cause.
     */
    void complete(JobStatus finalStatus, Duration runtime, JobMetrics metrics) {
        if (finalStatus != JobStatus.FINISHED) {
            completeWithFailure(metrics);
            return;
        }
        finalMetrics.complete(metrics);
        result.complete(new JobExecutionResult(jobId, jobName, runtime, metrics));
    }

    /** The job failed or was cancelled: completes the final counters, then the result with the kept cause. */
    void completeWithFailure(JobMetrics metrics) {
        finalMetrics.complete(metrics);
        result.completeExceptionally(failure);
    }
}
