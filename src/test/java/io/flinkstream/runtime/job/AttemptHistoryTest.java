package io.flinkstream.runtime.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.RestartStrategies;
import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.RestartBackoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttemptHistoryTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static AttemptHistory history(int restarts) {
        return new AttemptHistory(
                new RestartBackoff(RestartStrategies.fixedDelayRestart(restarts, Duration.ofMillis(5))));
    }

    private static CheckpointMetadata checkpoint(long id) {
        return new CheckpointMetadata("job1", id, 0, Map.of());
    }

    @Test
    void when_new_then_firstAttemptWithoutRestorePoint() {
        // Given
        AttemptHistory attempts = history(1);

        // Then
        assertEquals(0, attempts.current());
        assertTrue(attempts.isCurrent(0));
        assertNull(attempts.restorePoint());
        assertEquals(-1, attempts.restoreCheckpointId());
        assertEquals(0, attempts.highestCheckpointId());
    }

    @Test
    void when_startedFromRetainedCheckpoint_then_restoresFromItAndIdsContinueAfterIt() {
        // Given
        AttemptHistory attempts = history(1);

        // When
        attempts.startFrom(checkpoint(7));

        // Then
        assertEquals(7, attempts.restoreCheckpointId());
        assertEquals(7, attempts.highestCheckpointId());
    }

    @Test
    void when_checkpointsTriggered_then_highestIdIsKept() {
        // Given
        AttemptHistory attempts = history(1);

        // When
        attempts.checkpointTriggered(3);
        attempts.checkpointTriggered(2);

        // Then
        assertEquals(3, attempts.highestCheckpointId());
    }

    @Test
    void when_noLaterCheckpointCompleted_then_nextAttemptRestoresFromTheSameOne() {
        // Given
        AttemptHistory attempts = history(1);
        CheckpointMetadata retained = checkpoint(4);
        attempts.startFrom(retained);

        // When
        attempts.restoreFrom(null);
        attempts.next();

        // Then
        assertSame(retained, attempts.restorePoint());
        assertEquals(1, attempts.current());
    }

    @Test
    void when_laterCheckpointCompleted_then_nextAttemptRestoresFromIt() {
        // Given
        AttemptHistory attempts = history(1);
        attempts.startFrom(checkpoint(4));

        // When
        attempts.restoreFrom(checkpoint(9));
        attempts.next();

        // Then
        assertEquals(9, attempts.restoreCheckpointId());
        assertFalse(attempts.isCurrent(0));
        assertTrue(attempts.isCurrent(1));
    }

    @Test
    void when_restartsAreUsedUp_then_theFailureGivesUp() {
        // Given
        AttemptHistory attempts = history(1);

        // When
        RestartBackoff.Decision first = attempts.failed(T0);
        RestartBackoff.Decision second = attempts.failed(T0.plusSeconds(1));

        // Then
        assertEquals(Duration.ofMillis(5), assertInstanceOf(RestartBackoff.Restart.class, first).delay());
        assertInstanceOf(RestartBackoff.GiveUp.class, second);
    }
}
