package io.flinkstream.runtime.job;

import io.flinkstream.api.RestartStrategies;
import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.IntactCheckpointSearch;
import io.flinkstream.checkpoint.IntactCheckpointSearch.DamagedCheckpoint;
import io.flinkstream.checkpoint.RestartBackoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link AttemptHistory} takes the result of a search for the newest intact checkpoint before a restart. */
class AttemptHistoryFallbackTest {

    private static AttemptHistory history() {
        return new AttemptHistory(new RestartBackoff(RestartStrategies.fixedDelayRestart(5, Duration.ZERO)));
    }

    private static CheckpointMetadata checkpoint(long id) {
        return new CheckpointMetadata("job1", id, 0, Map.of());
    }

    private static DamagedCheckpoint damaged(long id) {
        return new DamagedCheckpoint(id, "chk-" + id + "/v1-s0.keyed", "it does not exist");
    }

    @Test
    void when_the_newest_is_damaged_then_the_next_attempt_restores_the_older_one_and_remembers_the_damage() {
        // Given
        AttemptHistory attempts = history();

        // When
        boolean restores = attempts.restoreFromNewestIntact(
                new IntactCheckpointSearch.Result(checkpoint(2), List.of(damaged(3))));

        // Then
        assertTrue(restores);
        assertEquals(2, attempts.restoreCheckpointId());
        assertEquals(Set.of(3L), attempts.damagedCheckpoints());
    }

    @Test
    void when_every_completed_checkpoint_is_damaged_and_the_job_started_fresh_then_it_cannot_restart() {
        // Given an attempt that restored checkpoint 2
        AttemptHistory attempts = history();
        attempts.checkpointCompleted();
        attempts.restoreFromNewestIntact(new IntactCheckpointSearch.Result(checkpoint(2), List.of()));

        // When the next search finds 3 and 2 damaged
        boolean restores = attempts.restoreFromNewestIntact(
                new IntactCheckpointSearch.Result(null, List.of(damaged(3), damaged(2))));

        // Then starting without state would repeat committed output: no restart
        assertFalse(restores);
        assertNull(attempts.restorePoint());
    }

    @Test
    void when_every_own_checkpoint_is_damaged_then_the_retained_checkpoint_the_job_started_from_is_used() {
        // Given a job started from checkpoint 7 of an earlier run, restored later from its own checkpoint 8
        AttemptHistory attempts = history();
        CheckpointMetadata retained = checkpoint(7);
        attempts.startFrom(retained);
        attempts.restoreFromNewestIntact(new IntactCheckpointSearch.Result(checkpoint(8), List.of()));

        // When its own checkpoint 8 turns out damaged
        boolean restores = attempts.restoreFromNewestIntact(
                new IntactCheckpointSearch.Result(null, List.of(damaged(8))));

        // Then
        assertTrue(restores);
        assertSame(retained, attempts.restorePoint());
    }

    @Test
    void when_checkpoints_completed_but_none_is_found_then_it_cannot_restart() {
        // Given a job that completed checkpoints, whose metadata was then deleted
        AttemptHistory attempts = history();
        attempts.checkpointCompleted();

        // When
        boolean restores = attempts.restoreFromNewestIntact(IntactCheckpointSearch.Result.NONE);

        // Then
        assertFalse(restores);
    }

    @Test
    void when_no_checkpoint_completed_and_none_is_damaged_then_the_attempt_starts_as_the_one_before() {
        // Given
        AttemptHistory attempts = history();

        // When
        boolean restores = attempts.restoreFromNewestIntact(IntactCheckpointSearch.Result.NONE);

        // Then
        assertTrue(restores);
        assertNull(attempts.restorePoint());
    }
}
