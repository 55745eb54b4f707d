package io.flinkstream.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.CheckpointConfig;
import io.flinkstream.checkpoint.CheckpointPlanner.AckResult;
import io.flinkstream.checkpoint.CheckpointPlanner.Acknowledged;
import io.flinkstream.checkpoint.CheckpointPlanner.AllAcknowledged;
import io.flinkstream.checkpoint.CheckpointPlanner.Completion;
import io.flinkstream.checkpoint.CheckpointPlanner.FailureOutcome;
import io.flinkstream.checkpoint.CheckpointPlanner.Ignored;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointPlannerTest {
    private static final List<String> TASKS = List.of("v0-s0", "v1-s0");

    private final ManualClock clock = new ManualClock();

    private static CheckpointConfig every(long intervalMillis) {
        return new CheckpointConfig().setCheckpointInterval(intervalMillis).setCheckpointTimeout(5_000);
    }

    private CheckpointPlanner planner(CheckpointConfig config) {
        return new CheckpointPlanner("job1", config, TASKS, clock.instant());
    }

    private static StateHandle handle(long id, String task) {
        return new StateHandle("chk-" + id + "/" + task + ".state", 10, 1);
    }

    /** Triggers at the current time and has every task acknowledge; returns the completion. */
    private Completion runToCompletion(CheckpointPlanner planner) {
        long id = planner.trigger(clock.instant()).checkpointId();
        for (String task : TASKS) {
            planner.acknowledge(id, task, List.of(handle(id, task)));
        }
        return planner.complete(id, clock.instant()).orElseThrow();
    }

    @Test
    void when_checkpointingIsOff_then_nothingIsEverDue() {
        // Given
        CheckpointPlanner planner = planner(new CheckpointConfig());

        // When
        clock.advanceMillis(1_000_000);

        // Then
        assertFalse(planner.shouldTrigger(clock.instant()));
        assertEquals(Optional.empty(), planner.nextTriggerTime());
        assertThrows(IllegalStateException.class, () -> planner.trigger(clock.instant()));
    }

    @Test
    void when_intervalPasses_then_aCheckpointIsDueAndIntervalsCountFromTheTrigger() {
        // Given
        Instant start = clock.instant();
        CheckpointPlanner planner = planner(every(1_000));

        // When / Then: the first trigger is one interval after start
        assertEquals(Optional.of(start.plusMillis(1_000)), planner.nextTriggerTime());
        assertFalse(planner.shouldTrigger(clock.advanceMillis(999)));
        assertTrue(planner.shouldTrigger(clock.advanceMillis(1)));
        runToCompletion(planner);
        // the next is due one interval after the previous trigger, not after its completion
        assertEquals(Optional.of(start.plusMillis(2_000)), planner.nextTriggerTime());
    }

    @Test
    void when_maxConcurrentCheckpointsArePending_then_noneIsTriggeredUntilOneEnds() {
        // Given
        CheckpointPlanner planner = planner(every(100).setMaxConcurrentCheckpoints(2));
        planner.trigger(clock.advanceMillis(100));
        planner.trigger(clock.advanceMillis(100));

        // When
        clock.advanceMillis(500);

        // Then
        assertFalse(planner.shouldTrigger(clock.instant()));
        assertEquals(Optional.empty(), planner.nextTriggerTime());
        planner.fail(1, CheckpointFailureReason.TASK_NOT_READY, "restoring", clock.instant());
        assertTrue(planner.shouldTrigger(clock.instant()));
    }

    @Test
    void when_minPauseIsSet_then_itRunsFromTheEndOfTheLastCheckpointAndAllowsOneAtATime() {
        // Given
        CheckpointPlanner planner = planner(every(100).setMinPauseBetweenCheckpoints(1_000)
                .setMaxConcurrentCheckpoints(5));
        long id = planner.trigger(clock.advanceMillis(100)).checkpointId();

        // When: the checkpoint is still running after several intervals
        clock.advanceMillis(300);

        // Then: no second one, despite max-concurrent 5
        assertFalse(planner.shouldTrigger(clock.instant()));
        Instant end = clock.advanceMillis(200);
        planner.fail(id, CheckpointFailureReason.DECLINED, "task error", end);
        assertEquals(Optional.of(end.plusMillis(1_000)), planner.nextTriggerTime());
        assertFalse(planner.shouldTrigger(clock.advanceMillis(999)));
        assertTrue(planner.shouldTrigger(clock.advanceMillis(1)));
    }

    @Test
    void when_theInputEnds_then_theFinalCheckpointIsDueAtOnceDespiteIntervalAndMinPause() {
        // Given a long interval and min pause, and a checkpoint that just completed
        CheckpointPlanner planner = planner(every(60_000).setMinPauseBetweenCheckpoints(30_000));
        clock.advanceMillis(60_000);
        runToCompletion(planner);

        // When every source's data ends shortly after
        Instant ended = clock.advanceMillis(10);
        planner.endOfInput(ended);

        // Then the final checkpoint is due now, and once it completes nothing more is ever due
        assertEquals(Optional.of(ended), planner.nextTriggerTime());
        assertFalse(planner.isFinalCheckpointCompleted());
        runToCompletion(planner);
        assertTrue(planner.isFinalCheckpointCompleted());
        clock.advanceMillis(1_000_000);
        assertEquals(Optional.empty(), planner.nextTriggerTime());
    }

    @Test
    void when_theInputEndsWhileACheckpointIsPending_then_maxConcurrentHoldsAndThatCheckpointIsNotTheFinalOne() {
        // Given one checkpoint pending (max concurrent 1)
        CheckpointPlanner planner = planner(every(1_000));
        long before = planner.trigger(clock.advanceMillis(1_000)).checkpointId();

        // When the input ends
        planner.endOfInput(clock.advanceMillis(10));

        // Then nothing more until it ends; its completion does not end the job's checkpoints, since it was
        // triggered before the end of input; the final one is due at once after it
        assertEquals(Optional.empty(), planner.nextTriggerTime());
        for (String task : TASKS) {
            planner.acknowledge(before, task, List.of());
        }
        planner.complete(before, clock.advanceMillis(5)).orElseThrow();
        assertFalse(planner.isFinalCheckpointCompleted());
        assertTrue(planner.shouldTrigger(clock.instant()));
        runToCompletion(planner);
        assertTrue(planner.isFinalCheckpointCompleted());
    }

    @Test
    void when_theFinalCheckpointFails_then_itIsRetriedAfterTheMinPauseNotTheInterval() {
        // Given the final checkpoint triggered at the end of input, with a long interval and max concurrent 2
        CheckpointPlanner planner = planner(every(60_000).setMinPauseBetweenCheckpoints(200)
                .setMaxConcurrentCheckpoints(2));
        Instant ended = clock.advanceMillis(100);
        planner.endOfInput(ended);
        long id = planner.trigger(ended).checkpointId();

        // Then no second one while it is on its way, even though max concurrent would allow it
        assertEquals(Optional.empty(), planner.nextTriggerTime());

        // When it fails
        Instant failed = clock.advanceMillis(50);
        planner.fail(id, CheckpointFailureReason.DECLINED, "write failed", failed);

        // Then the retry is due a min pause after the failure, and its completion is the final one
        assertEquals(Optional.of(failed.plusMillis(200)), planner.nextTriggerTime());
        assertFalse(planner.isFinalCheckpointCompleted());
        clock.advanceMillis(200);
        runToCompletion(planner);
        assertTrue(planner.isFinalCheckpointCompleted());
    }

    @Test
    void when_theInputEndsAtTheSameInstantAsAPendingTrigger_then_thatCheckpointIsNotTakenForTheFinalOne() {
        // Given a checkpoint triggered at t, before the last source's data ended, and the end reported at the same t
        // (a coarse or stepped clock)
        CheckpointPlanner planner = planner(every(1_000));
        Instant t = clock.advanceMillis(1_000);
        long before = planner.trigger(t).checkpointId();
        planner.endOfInput(t);

        // When it completes
        for (String task : TASKS) {
            planner.acknowledge(before, task, List.of());
        }
        planner.complete(before, t).orElseThrow();

        // Then it does not count as final (its barriers may precede the end of data), and the final one is due
        assertFalse(planner.isFinalCheckpointCompleted());
        assertTrue(planner.shouldTrigger(t));
    }

    @Test
    void when_everyTaskAcknowledges_then_theMetadataIsReadyAndCompletionRetainsTheCheckpoint() {
        // Given
        CheckpointPlanner planner = planner(every(100));
        long id = planner.trigger(clock.advanceMillis(100)).checkpointId();

        // When
        AckResult first = planner.acknowledge(id, "v0-s0", List.of(handle(id, "v0-s0")));
        AckResult last = planner.acknowledge(id, "v1-s0", List.of());
        Completion completion = planner.complete(id, clock.advanceMillis(30)).orElseThrow();

        // Then
        assertEquals(new Acknowledged(id, 1), first);
        CheckpointMetadata metadata = assertInstanceOf(AllAcknowledged.class, last).metadata();
        assertEquals(Map.of("v0-s0", List.of(handle(id, "v0-s0")), "v1-s0", List.of()), metadata.taskStates());
        assertEquals("job1", metadata.jobId());
        assertEquals(clock.instant().minusMillis(30).toEpochMilli(), metadata.timestamp());
        assertEquals(id, completion.completed().checkpointId());
        assertEquals(List.of(), completion.discard());
        assertEquals(Optional.of(completion.completed()), planner.latestCompleted());
        assertEquals(List.of(), planner.pendingCheckpoints());
    }

    @Test
    void when_moreCheckpointsCompleteThanAreRetained_then_theOldestAreDiscarded() {
        // Given
        CheckpointPlanner planner = planner(every(100).setNumRetainedCheckpoints(2));

        // When
        clock.advanceMillis(100);
        Completion c1 = runToCompletion(planner);
        clock.advanceMillis(100);
        Completion c2 = runToCompletion(planner);
        clock.advanceMillis(100);
        Completion c3 = runToCompletion(planner);

        // Then
        assertEquals(List.of(), c1.discard());
        assertEquals(List.of(), c2.discard());
        assertEquals(List.of(c1.completed()), c3.discard());
        assertEquals(List.of(c2.completed(), c3.completed()), planner.retainedCheckpoints());
    }

    @Test
    void when_restoredFromACheckpoint_then_idsContinueAndOldRetainedOnesAreDiscardedFirst() {
        // Given: checkpoints 6 and 7 were retained by the previous run, whose last id was 9
        CompletedCheckpoint six = CompletedCheckpoint.restored(new CheckpointMetadata("job1", 6, 1, Map.of()));
        CompletedCheckpoint seven = CompletedCheckpoint.restored(new CheckpointMetadata("job1", 7, 2, Map.of()));
        CheckpointPlanner planner = new CheckpointPlanner("job1", every(100).setNumRetainedCheckpoints(2), TASKS,
                clock.instant(), 9, List.of(seven, six));

        // When
        clock.advanceMillis(100);
        Completion completion = runToCompletion(planner);

        // Then
        assertEquals(10, completion.completed().checkpointId());
        assertEquals(List.of(six), completion.discard());
        assertEquals(10, planner.lastCheckpointId());
    }

    @Test
    void when_acknowledgementsAreLateUnknownOrRepeated_then_theyAreIgnored() {
        // Given: checkpoint 1 expired; checkpoint 2 is pending
        CheckpointPlanner planner = planner(every(100));
        planner.trigger(clock.advanceMillis(100));
        planner.expire(clock.advanceMillis(5_000));
        planner.trigger(clock.advanceMillis(100));
        planner.acknowledge(2, "v0-s0", List.of());

        // When / Then
        assertInstanceOf(Ignored.class, planner.acknowledge(1, "v0-s0", List.of()));
        assertInstanceOf(Ignored.class, planner.acknowledge(7, "v0-s0", List.of()));
        assertInstanceOf(Ignored.class, planner.acknowledge(2, "v9-s9", List.of()));
        assertInstanceOf(Ignored.class, planner.acknowledge(2, "v0-s0", List.of()));
        assertEquals(List.of("v1-s0"), List.copyOf(planner.pendingCheckpoints().get(0).waitingFor()));
    }

    @Test
    void when_timeoutPasses_then_theCheckpointExpiresAtItsDeadlineAndNotBefore() {
        // Given
        CheckpointPlanner planner = planner(every(100).setTolerableCheckpointFailureNumber(5));
        PendingCheckpoint pending = planner.trigger(clock.advanceMillis(100));

        // When / Then
        assertEquals(Optional.of(pending.deadline()), planner.nextExpiryTime());
        assertEquals(List.of(), planner.expire(clock.advanceMillis(4_999)).failedCheckpoints());
        FailureOutcome outcome = planner.expire(clock.advanceMillis(1));
        assertEquals(List.of(1L), outcome.failedCheckpoints());
        assertEquals(1, outcome.consecutiveFailures());
        assertFalse(outcome.failJob());
        assertEquals(Optional.empty(), planner.nextExpiryTime());
    }

    @Test
    void when_failuresInARowExceedTheTolerableNumber_then_theJobFailsAndACompletionResetsTheCount() {
        // Given
        CheckpointPlanner planner = planner(every(100).setTolerableCheckpointFailureNumber(2));

        // When: fail, succeed, then fail three times in a row
        planner.fail(planner.trigger(clock.advanceMillis(100)).checkpointId(), CheckpointFailureReason.DECLINED,
                "x", clock.instant());
        clock.advanceMillis(100);
        runToCompletion(planner);
        FailureOutcome f1 = planner.fail(planner.trigger(clock.advanceMillis(100)).checkpointId(),
                CheckpointFailureReason.WRITE_FAILED, "disk full", clock.instant());
        planner.trigger(clock.advanceMillis(100));
        FailureOutcome f2 = planner.expire(clock.advanceMillis(5_000));
        FailureOutcome f3 = planner.fail(planner.trigger(clock.advanceMillis(100)).checkpointId(),
                CheckpointFailureReason.DECLINED, "operator threw", clock.instant());

        // Then
        assertEquals(1, f1.consecutiveFailures());
        assertEquals(2, f2.consecutiveFailures());
        assertFalse(f2.failJob());
        assertTrue(f3.failJob());
        assertTrue(f3.message().contains("operator threw"), f3.message());
        assertTrue(f3.message().contains("tolerable 2"), f3.message());
        assertEquals(0, planner.consecutiveFailures());
    }

    @Test
    void when_failureReasonDoesNotCount_then_theToleranceIsUntouched() {
        // Given
        CheckpointPlanner planner = planner(every(100));

        // When
        FailureOutcome outcome = planner.fail(planner.trigger(clock.advanceMillis(100)).checkpointId(),
                CheckpointFailureReason.TASK_NOT_READY, "restoring", clock.instant());

        // Then
        assertFalse(outcome.failJob());
        assertEquals(0, outcome.consecutiveFailures());
    }

    @Test
    void when_aNewerCheckpointCompletesFirst_then_theOlderIsSubsumedAndItsLateOutcomesAreHarmless() {
        // Given: checkpoints 1 and 2 pending at once
        CheckpointPlanner planner = planner(every(100).setMaxConcurrentCheckpoints(2));
        planner.trigger(clock.advanceMillis(100));
        planner.trigger(clock.advanceMillis(100));
        planner.acknowledge(1, "v0-s0", List.of());

        // When: 2 completes
        planner.acknowledge(2, "v0-s0", List.of());
        planner.acknowledge(2, "v1-s0", List.of());
        Completion completion = planner.complete(2, clock.advanceMillis(10)).orElseThrow();

        // Then
        assertEquals(List.of(1L), completion.subsumed());
        assertInstanceOf(Ignored.class, planner.acknowledge(1, "v1-s0", List.of()));
        assertEquals(Optional.empty(), planner.complete(1, clock.instant()));
        FailureOutcome late = planner.fail(1, CheckpointFailureReason.DECLINED, "late", clock.instant());
        assertEquals(List.of(), late.failedCheckpoints());
        assertEquals(0, planner.consecutiveFailures());
    }

    @Test
    void when_timeoutPassesWhileANewerCheckpointIsFinalizing_then_onlyTheWaitingOneExpires() {
        // Given: 1 and 2 pending; 2's metadata is being written while 1 still waits for a task
        CheckpointPlanner planner = planner(every(100).setMaxConcurrentCheckpoints(2)
                .setTolerableCheckpointFailureNumber(1));
        planner.trigger(clock.advanceMillis(100));
        planner.trigger(clock.advanceMillis(100));
        planner.acknowledge(2, "v0-s0", List.of());
        planner.acknowledge(2, "v1-s0", List.of());

        // When: both deadlines pass, then 2's metadata write finishes
        FailureOutcome expired = planner.expire(clock.advanceMillis(10_000));
        Optional<Completion> completion = planner.complete(2, clock.instant());

        // Then
        assertEquals(List.of(1L), expired.failedCheckpoints());
        assertEquals(1, expired.consecutiveFailures());
        assertTrue(completion.isPresent());
        assertEquals(0, planner.consecutiveFailures());
    }

    @Test
    void when_metadataWriteFails_then_itCountsAsAFailure() {
        // Given
        CheckpointPlanner planner = planner(every(100).setTolerableCheckpointFailureNumber(3));
        long id = planner.trigger(clock.advanceMillis(100)).checkpointId();
        planner.acknowledge(id, "v0-s0", List.of());
        planner.acknowledge(id, "v1-s0", List.of());

        // When
        FailureOutcome outcome = planner.fail(id, CheckpointFailureReason.WRITE_FAILED, "disk full",
                clock.advanceMillis(10));

        // Then
        assertEquals(List.of(id), outcome.failedCheckpoints());
        assertEquals(1, outcome.consecutiveFailures());
        assertEquals(Optional.empty(), planner.complete(id, clock.instant()));
    }

    @Test
    void when_completingACheckpointNotEveryTaskAcknowledged_then_itIsRejected() {
        // Given
        CheckpointPlanner planner = planner(every(100));
        long id = planner.trigger(clock.advanceMillis(100)).checkpointId();
        planner.acknowledge(id, "v0-s0", List.of());

        // When / Then
        assertThrows(IllegalStateException.class, () -> planner.complete(id, clock.instant()));
    }

    @Test
    void when_theJobFailsOver_then_pendingCheckpointsAreAbortedWithoutCounting() {
        // Given
        CheckpointPlanner planner = planner(every(100).setMaxConcurrentCheckpoints(3)
                .setMinPauseBetweenCheckpoints(0));
        planner.trigger(clock.advanceMillis(100));
        planner.trigger(clock.advanceMillis(100));

        // When
        List<Long> aborted = planner.abortAll(clock.advanceMillis(5));

        // Then
        assertEquals(List.of(1L, 2L), aborted);
        assertEquals(List.of(), planner.pendingCheckpoints());
        assertEquals(0, planner.consecutiveFailures());
        assertEquals(3, planner.trigger(clock.advanceMillis(100)).checkpointId());
    }

    @Test
    void when_plannerIsCreatedWithoutTasks_then_itIsRejected() {
        // Given / When / Then
        assertThrows(IllegalArgumentException.class,
                () -> new CheckpointPlanner("job1", every(100), List.of(), clock.instant()));
    }
}
