package io.flinkstream.runtime.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class JobFailureTest {

    @Test
    void when_operatorThrows_then_messageNamesOperatorAndSubtaskCountingFromOne() {
        // Given
        IllegalStateException boom = new IllegalStateException("boom");

        // When
        JobFailure failure = JobFailure.operatorThrew("counts", "Map", 0, 2, boom);

        // Then
        assertEquals("Job 'counts' failed: operator 'Map' (subtask 1/2) threw java.lang.IllegalStateException: boom",
                failure.message());
        assertSame(boom, failure.cause());
    }

    @Test
    void when_actorStops_then_messageNamesVertexAndSubtask() {
        // When
        JobFailure failure = JobFailure.actorStopped("counts", "Sink", 2, 3);

        // Then
        assertEquals("Job 'counts' failed: the actor of 'Sink' (subtask 3/3) stopped unexpectedly", failure.message());
        assertNull(failure.cause());
    }

    @Test
    void when_deployTimesOut_then_messageSaysWhatToCheck() {
        // When
        JobFailure failure = JobFailure.deployTimedOut("counts", Duration.ofSeconds(30));

        // Then
        assertEquals("Job 'counts' could not deploy its subtasks within 30 s: check that the node is Up and Cluster "
                + "Sharding is running (see the log)", failure.message());
    }

    @Test
    void when_retainedCheckpointCannotBeRead_then_causeIsUnwrappedAndMessageSaysWhatToGive() {
        // Given
        IOException missing = new IOException("it holds no completed checkpoint (no _metadata)");
        CompletionException error = new CompletionException(new UncheckedIOException(missing));

        // When
        JobFailure failure = JobFailure.cannotStartFrom("counts", "/tmp/chk", error);

        // Then
        assertEquals("Job 'counts' cannot start from checkpoint '/tmp/chk': java.io.IOException: it holds no "
                + "completed checkpoint (no _metadata). Give the _metadata file or chk-<n> directory of a completed "
                + "checkpoint, or the job's checkpoint directory for its latest one", failure.message());
        assertSame(error.getCause(), failure.cause());
    }

    @Test
    void when_checkpointingFails_then_messageCarriesTheCoordinatorsReason() {
        // When
        JobFailure failure = JobFailure.checkpointingFailed("counts", "3 checkpoints failed in a row");

        // Then
        assertEquals("Job 'counts' failed: 3 checkpoints failed in a row", failure.message());
        assertNull(failure.cause());
    }
}
