package io.flinkstream.runtime.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class JobReportTest {
    private static final Instant SUBMITTED = Instant.parse("2024-01-01T00:00:00Z");
    private static final JobMetrics METRICS = new JobMetrics(List.of(), List.of(), 2);

    private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    private final CompletableFuture<JobMetrics> finalMetrics = new CompletableFuture<>();
    private final JobReport report = new JobReport("job1", "counts", SUBMITTED, result, finalMetrics);

    private static CheckpointStats stats(long id, CheckpointStats.Status status) {
        return new CheckpointStats(id, status, SUBMITTED, null, 0, Map.of(), null);
    }

    private Throwable failureOfResult() {
        return assertThrows(ExecutionException.class, result::get).getCause();
    }

    @Test
    void when_checkpointsEnd_then_theLatestOfEachIsKeptOldestFirst() {
        // Given
        report.checkpointEnded(stats(2, CheckpointStats.Status.PENDING));
        report.checkpointEnded(stats(1, CheckpointStats.Status.COMPLETED));

        // When
        report.checkpointEnded(stats(2, CheckpointStats.Status.FAILED));

        // Then
        List<CheckpointStats> checkpoints = report.checkpointStats();
        assertEquals(List.of(1L, 2L), checkpoints.stream().map(CheckpointStats::checkpointId).toList());
        assertEquals(CheckpointStats.Status.FAILED, checkpoints.get(1).status());
    }

    @Test
    void when_ending_then_statusSaysWhatTheJobIsStoppingFor() {
        // When / Then
        report.ending(JobStatus.FAILED);
        assertEquals(JobStatus.FAILING, report.status());
        report.ending(JobStatus.CANCELED);
        assertEquals(JobStatus.CANCELLING, report.status());
        report.ending(JobStatus.FINISHED);
        assertEquals(JobStatus.RUNNING, report.status());
    }

    @Test
    void when_finished_then_countersAndResultComplete() throws Exception {
        // Given
        Duration runtime = report.runtime(SUBMITTED.plusMillis(1500));

        // When
        report.complete(JobStatus.FINISHED, runtime, METRICS);

        // Then
        assertSame(METRICS, finalMetrics.get());
        assertEquals(new JobExecutionResult("job1", "counts", Duration.ofMillis(1500), METRICS), result.get());
    }

    @Test
    void when_failedAfterBeingCancelled_then_resultFailsWithTheLatestCause() {
        // Given
        report.cancelled();
        report.failWith(new JobFailure("Job 'counts' failed: boom", new IllegalStateException("boom")));

        // When
        report.complete(JobStatus.FAILED, Duration.ZERO, METRICS);

        // Then
        assertSame(METRICS, finalMetrics.join());
        JobExecutionException failure = assertInstanceOf(JobExecutionException.class, failureOfResult());
        assertFalse(failure instanceof JobCancellationException);
        assertEquals("Job 'counts' failed: boom", failure.getMessage());
        assertEquals("job1", failure.getJobID());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
    }

    @Test
    void when_cancelledBeforeDeploying_then_resultFailsAsCancelled() {
        // Given
        report.cancelled();

        // When
        report.completeWithFailure(METRICS);

        // Then
        assertEquals("Job 'counts' was cancelled",
                assertInstanceOf(JobCancellationException.class, failureOfResult()).getMessage());
    }

    @Test
    void when_moreCheckpointsEndThanTheHistoryKeeps_then_onlyTheNewestAreKeptAndTheCountsCoverAll() {
        // Given a history of 3
        JobReport bounded = new JobReport("job1", "counts", SUBMITTED, result, finalMetrics, 3);

        // When 1,000 checkpoints are triggered, 998 end (every 10th failed), and an attempt restored once
        for (long id = 1; id <= 1_000; id++) {
            bounded.checkpointTriggered();
            if (id <= 998) {
                bounded.checkpointEnded(stats(id, id % 10 == 0 ? CheckpointStats.Status.FAILED
                        : CheckpointStats.Status.COMPLETED));
            }
        }
        bounded.restored();

        // Then only the newest three are kept, and the counts cover the whole run
        assertEquals(List.of(996L, 997L, 998L),
                bounded.checkpointStats().stream().map(CheckpointStats::checkpointId).toList());
        assertEquals(new io.flinkstream.api.CheckpointCounts(899, 99, 2, 1), bounded.checkpointCounts());
    }
}
