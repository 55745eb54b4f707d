package io.flinkstream.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.CheckpointConfig;
import io.flinkstream.checkpoint.CheckpointEffect.DiscardCheckpoint;
import io.flinkstream.checkpoint.CheckpointEffect.FailJob;
import io.flinkstream.checkpoint.CheckpointEffect.NotifyAborted;
import io.flinkstream.checkpoint.CheckpointEffect.NotifyComplete;
import io.flinkstream.checkpoint.CheckpointEffect.ScheduleExpiry;
import io.flinkstream.checkpoint.CheckpointEffect.ScheduleTrigger;
import io.flinkstream.checkpoint.CheckpointEffect.TriggerSources;
import io.flinkstream.checkpoint.CheckpointEffect.WriteMetadata;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner's events and the effects it returns for the coordinator to carry out: above all, that every
 * checkpoint ending without being retained comes with its discard, and every one ending without completing with its
 * abort notice.
 */
class CheckpointPlannerEffectsTest {
    private static final List<String> TASKS = List.of("v0-s0", "v1-s0");

    private final ManualClock clock = new ManualClock();

    private CheckpointPlanner planner(CheckpointConfig config) {
        return new CheckpointPlanner("job1", config, TASKS, clock.instant());
    }

    private static CheckpointConfig every(long intervalMillis) {
        return new CheckpointConfig().setCheckpointInterval(intervalMillis).setCheckpointTimeout(5_000);
    }

    private static List<StateHandle> handles(long id, String task) {
        return List.of(new StateHandle("chk-" + id + "/" + task + ".state", 10, 1));
    }

    /** Triggers the next checkpoint once it is due; returns its id. */
    private long trigger(CheckpointPlanner planner) {
        clock.advanceMillis(100);
        List<CheckpointEffect> effects = planner.onTriggerDue(clock.instant());
        return effects.stream().filter(TriggerSources.class::isInstance).map(TriggerSources.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("nothing triggered: " + effects)).checkpointId();
    }

    /** Every task acknowledges {@code id}; returns the effects of the last acknowledgement. */
    private List<CheckpointEffect> acknowledgeAll(CheckpointPlanner planner, long id) {
        List<CheckpointEffect> last = List.of();
        for (String task : TASKS) {
            last = planner.onAcknowledge(id, task, handles(id, task), clock.instant());
        }
        return last;
    }

    private static <T> List<T> only(Class<T> kind, List<CheckpointEffect> effects) {
        return effects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static List<Long> discarded(List<CheckpointEffect> effects) {
        return only(DiscardCheckpoint.class, effects).stream().map(DiscardCheckpoint::checkpointId).toList();
    }

    @Test
    void when_aCheckpointIsDue_then_itsTriggerComesWithTheNextTriggerAndItsExpiry() {
        // Given
        CheckpointPlanner planner = planner(every(100).setMaxConcurrentCheckpoints(2));

        // When
        clock.advanceMillis(100);
        List<CheckpointEffect> effects = planner.onTriggerDue(clock.instant());

        // Then
        assertEquals(List.of(new TriggerSources(1, clock.instant()), new ScheduleTrigger(clock.instant()
                .plusMillis(100)), new ScheduleExpiry(clock.instant().plusMillis(5_000))), effects);
    }

    @Test
    void when_everyTaskAcknowledged_then_theMetadataIsToBeWrittenAndItsCompletionNotified() {
        // Given
        CheckpointPlanner planner = planner(every(100));
        long id = trigger(planner);

        // When
        List<CheckpointEffect> acked = acknowledgeAll(planner, id);
        List<CheckpointEffect> written = planner.onMetadataWritten(id, null, clock.instant());

        // Then
        assertEquals(1, only(WriteMetadata.class, acked).size());
        assertEquals(id, only(NotifyComplete.class, written).get(0).checkpoint().checkpointId());
        assertEquals(List.of(), discarded(written));
    }

    @Test
    void when_aNewerCheckpointCompletes_then_thePendingOlderOneIsAbortedAsSubsumedAndDiscarded() {
        // Given checkpoints 1 and 2 pending
        CheckpointPlanner planner = planner(every(100).setMaxConcurrentCheckpoints(2));
        long first = trigger(planner);
        long second = trigger(planner);

        // When 2 completes first
        acknowledgeAll(planner, second);
        List<CheckpointEffect> effects = planner.onMetadataWritten(second, null, clock.instant());

        // Then 1 is aborted as subsumed, and discarded
        assertEquals(List.of(new NotifyAborted(first, CheckpointFailureReason.SUBSUMED, "checkpoint 1 was subsumed "
                + "by checkpoint 2")), only(NotifyAborted.class, effects));
        assertEquals(List.of(first), discarded(effects));
    }

    @Test
    void when_aCheckpointIsSubsumedWhileItsMetadataIsWritten_then_itIsDiscardedOnlyOnceTheWriteReturned() {
        // Given checkpoints 1 and 2 fully acknowledged, both metadata writes in flight
        CheckpointPlanner planner = planner(every(100).setMaxConcurrentCheckpoints(2));
        long first = trigger(planner);
        long second = trigger(planner);
        acknowledgeAll(planner, first);
        acknowledgeAll(planner, second);

        // When 2's write returns first, then 1's
        List<CheckpointEffect> secondWritten = planner.onMetadataWritten(second, null, clock.instant());
        List<CheckpointEffect> firstWritten = planner.onMetadataWritten(first, null, clock.instant());

        // Then 1 is aborted at once but discarded only after its own write returned (never alongside it)
        assertEquals(1, only(NotifyAborted.class, secondWritten).size());
        assertEquals(List.of(), discarded(secondWritten));
        assertEquals(List.of(first), discarded(firstWritten));
        assertEquals(List.of(), only(NotifyComplete.class, firstWritten));
    }

    @Test
    void when_aCheckpointExpiresOrIsDeclined_then_itIsAbortedAndDiscarded_andTooManyFailTheJob() {
        // Given no failure is tolerated
        CheckpointPlanner planner = planner(every(100).setTolerableCheckpointFailureNumber(1));
        long first = trigger(planner);

        // When 1 expires, then 2 is declined
        clock.advanceMillis(5_000);
        List<CheckpointEffect> expired = planner.onExpiryDue(clock.instant());
        long second = trigger(planner);
        List<CheckpointEffect> declined = planner.onDecline(second, "subtask v1-s0: disk full", clock.instant());

        // Then each is aborted for its reason and discarded; the second failure in a row fails the job
        assertEquals(CheckpointFailureReason.EXPIRED, only(NotifyAborted.class, expired).get(0).reason());
        assertEquals(List.of(first), discarded(expired));
        assertEquals(List.of(), only(FailJob.class, expired));
        assertEquals(CheckpointFailureReason.DECLINED, only(NotifyAborted.class, declined).get(0).reason());
        assertEquals(List.of(second), discarded(declined));
        assertEquals(1, only(FailJob.class, declined).size());
    }

    @Test
    void when_theMetadataWriteFails_then_theCheckpointIsAbortedAndDiscarded() {
        // Given
        CheckpointPlanner planner = planner(every(100).setTolerableCheckpointFailureNumber(5));
        long id = trigger(planner);
        acknowledgeAll(planner, id);

        // When
        List<CheckpointEffect> effects = planner.onMetadataWritten(id, new IOException("disk full"), clock.instant());

        // Then
        assertEquals(CheckpointFailureReason.WRITE_FAILED, only(NotifyAborted.class, effects).get(0).reason());
        assertEquals(List.of(id), discarded(effects));
    }

    @Test
    void when_aLateAcknowledgementWithStateArrives_then_itsCheckpointIsDiscarded_butNeverARetainedOrFutureOne() {
        // Given checkpoint 1 expired, checkpoint 2 completed and retained
        CheckpointPlanner planner = planner(every(100).setTolerableCheckpointFailureNumber(5));
        long expired = trigger(planner);
        clock.advanceMillis(5_000);
        planner.onExpiryDue(clock.instant());
        long retained = trigger(planner);
        acknowledgeAll(planner, retained);
        planner.onMetadataWritten(retained, null, clock.instant());

        // When acknowledgements with state arrive late: for 1, again for 2, and for an id never triggered
        List<CheckpointEffect> forExpired = planner.onAcknowledge(expired, "v0-s0", handles(expired, "v0-s0"),
                clock.instant());
        List<CheckpointEffect> forRetained = planner.onAcknowledge(retained, "v0-s0", handles(retained, "v0-s0"),
                clock.instant());
        List<CheckpointEffect> forFuture = planner.onAcknowledge(7, "v0-s0", handles(7, "v0-s0"), clock.instant());
        List<CheckpointEffect> stale = planner.onStaleAcknowledgement(expired, handles(expired, "v1-s0"));

        // Then only the expired one's state is discarded
        assertEquals(List.of(expired), discarded(forExpired));
        assertEquals(List.of(), discarded(forRetained));
        assertEquals(List.of(), discarded(forFuture));
        assertEquals(List.of(expired), discarded(stale));
    }

    @Test
    void when_theAttemptDrains_then_pendingCheckpointsAreAbortedAndDiscarded_butOneBeingWrittenStillCompletes() {
        // Given 1 being written, 2 pending
        CheckpointPlanner planner = planner(every(100).setMaxConcurrentCheckpoints(2));
        long writing = trigger(planner);
        long pending = trigger(planner);
        acknowledgeAll(planner, writing);

        // When the attempt drains, then 1's write returns
        List<CheckpointEffect> drained = planner.onDrain(clock.instant());
        List<CheckpointEffect> written = planner.onMetadataWritten(writing, null, clock.instant());

        // Then 2 is aborted and discarded, 1 completes, and nothing is scheduled any more
        assertEquals(List.of(new NotifyAborted(pending, CheckpointFailureReason.JOB_FAILOVER, "checkpoint 2 was "
                + "aborted: the job attempt is stopping")), only(NotifyAborted.class, drained));
        assertEquals(List.of(pending), discarded(drained));
        assertEquals(writing, only(NotifyComplete.class, written).get(0).checkpoint().checkpointId());
        assertEquals(List.of(), only(ScheduleTrigger.class, written));
        assertTrue(planner.onTriggerDue(clock.advanceMillis(1_000)).isEmpty());
    }

    @Test
    void when_moreCheckpointsCompleteThanAreRetained_then_theOldestAreDiscarded() {
        // Given two are retained
        CheckpointPlanner planner = planner(every(100).setNumRetainedCheckpoints(2));

        // When three complete
        List<Long> discards = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long id = trigger(planner);
            acknowledgeAll(planner, id);
            discards.addAll(discarded(planner.onMetadataWritten(id, null, clock.instant())));
        }

        // Then the first is discarded
        assertEquals(List.of(1L), discards);
    }

    @Test
    void when_aTaskFinished_then_itAcknowledgesPendingAndLaterCheckpointsWithoutState() {
        // Given checkpoint 1 waits for both tasks
        CheckpointPlanner planner = planner(every(100));
        long id = trigger(planner);
        planner.onAcknowledge(id, "v0-s0", handles(id, "v0-s0"), clock.instant());

        // When the other task finishes
        List<CheckpointEffect> effects = planner.onTaskFinished("v1-s0", clock.instant());

        // Then checkpoint 1 is complete and its metadata to be written
        assertEquals(1, only(WriteMetadata.class, effects).size());
    }
}
