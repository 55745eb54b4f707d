package io.flinkstream.checkpoint;

import static io.flinkstream.api.CheckpointingMode.AT_LEAST_ONCE;
import static io.flinkstream.api.CheckpointingMode.EXACTLY_ONCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.checkpoint.BarrierAligner.Decision;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BarrierAlignerTest {

    @Test
    void when_singleInputGetsABarrier_then_itTriggersAtOnceWithoutBlocking() {
        for (var mode : List.of(EXACTLY_ONCE, AT_LEAST_ONCE)) {
            // Given
            BarrierAligner aligner = new BarrierAligner(1, mode);

            // When
            Decision d = aligner.onBarrier(0, 1);

            // Then
            assertEquals(OptionalLong.of(1), d.triggerCheckpoint(), mode.toString());
            assertEquals(List.of(), d.channelsToBlock());
            assertFalse(d.alignmentStarted());
            assertFalse(aligner.isBlocked(0));
        }
    }

    @Test
    void when_exactlyOnceBarriersArrive_then_eachChannelIsBlockedUntilTheLastOneTriggers() {
        // Given
        BarrierAligner aligner = new BarrierAligner(3, EXACTLY_ONCE);

        // When
        Decision first = aligner.onBarrier(0, 1);
        Decision second = aligner.onBarrier(2, 1);
        Decision last = aligner.onBarrier(1, 1);

        // Then
        assertEquals(List.of(0), first.channelsToBlock());
        assertTrue(first.alignmentStarted());
        assertTrue(first.triggerCheckpoint().isEmpty());
        assertEquals(List.of(2), second.channelsToBlock());
        assertFalse(second.alignmentStarted());
        assertEquals(OptionalLong.of(1), last.triggerCheckpoint());
        assertEquals(List.of(0, 2), last.channelsToUnblock());
        assertTrue(last.alignmentEnded());
        assertEquals(List.of(), aligner.blockedChannels());
        assertEquals(List.of(), aligner.pendingCheckpoints());
    }

    @Test
    void when_aBlockedChannelIsRead_then_itIsAProtocolError() {
        // Given
        BarrierAligner aligner = new BarrierAligner(2, EXACTLY_ONCE);
        aligner.onBarrier(0, 1);

        // When / Then
        assertTrue(aligner.isBlocked(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> aligner.onBarrier(0, 2));
        assertTrue(e.getMessage().contains("blocked"), e.getMessage());
    }

    @Test
    void when_atLeastOnceBarriersArrive_then_nothingIsBlockedAndTheLastTriggers() {
        // Given
        BarrierAligner aligner = new BarrierAligner(3, AT_LEAST_ONCE);

        // When
        Decision first = aligner.onBarrier(0, 1);
        Decision second = aligner.onBarrier(1, 1);
        Decision last = aligner.onBarrier(2, 1);

        // Then
        assertTrue(first.isEmpty());
        assertTrue(second.isEmpty());
        assertEquals(OptionalLong.of(1), last.triggerCheckpoint());
        assertEquals(List.of(), last.channelsToUnblock());
        assertFalse(last.alignmentStarted() || last.alignmentEnded());
    }

    @Test
    void when_atLeastOnceChannelRunsAhead_then_twoCheckpointsAreTrackedAndTriggerInOrder() {
        // Given
        BarrierAligner aligner = new BarrierAligner(2, AT_LEAST_ONCE);
        aligner.onBarrier(0, 1);
        aligner.onBarrier(0, 2);

        // When
        Decision one = aligner.onBarrier(1, 1);
        Decision two = aligner.onBarrier(1, 2);

        // Then
        assertEquals(List.of(), one.cancelledCheckpoints());
        assertEquals(OptionalLong.of(1), one.triggerCheckpoint());
        assertEquals(OptionalLong.of(2), two.triggerCheckpoint());
    }

    @Test
    void when_atLeastOnceChannelSkipsAPendingCheckpoint_then_thatCheckpointIsCancelled() {
        // Given: channel 0 delivered checkpoint 1; channel 1 goes straight to checkpoint 2
        BarrierAligner aligner = new BarrierAligner(3, AT_LEAST_ONCE);
        aligner.onBarrier(0, 1);

        // When
        Decision d = aligner.onBarrier(1, 2);

        // Then
        assertEquals(List.of(1L), d.cancelledCheckpoints());
        assertEquals(List.of(2L), aligner.pendingCheckpoints());
    }

    @Test
    void when_newerBarrierArrivesWhileAligning_then_theOlderIsCancelledAndTheNewerAligned() {
        // Given
        BarrierAligner aligner = new BarrierAligner(3, EXACTLY_ONCE);
        aligner.onBarrier(0, 1);

        // When
        Decision d = aligner.onBarrier(1, 2);

        // Then
        assertEquals(List.of(1L), d.cancelledCheckpoints());
        assertEquals(List.of(0), d.channelsToUnblock());
        assertEquals(List.of(1), d.channelsToBlock());
        assertTrue(d.alignmentEnded());
        assertTrue(d.alignmentStarted());
        assertEquals(List.of(1), aligner.blockedChannels());
        assertEquals(List.of(2L), aligner.pendingCheckpoints());
    }

    @Test
    void when_cancelledCheckpointsBarrierArrivesLate_then_itIsIgnoredAndTheNewerCompletes() {
        // Given: checkpoint 1 was cancelled by checkpoint 2's barrier on channel 1
        BarrierAligner aligner = new BarrierAligner(3, EXACTLY_ONCE);
        aligner.onBarrier(0, 1);
        aligner.onBarrier(1, 2);

        // When
        Decision late = aligner.onBarrier(2, 1);
        aligner.onBarrier(0, 2);
        Decision last = aligner.onBarrier(2, 2);

        // Then
        assertTrue(late.isEmpty());
        assertEquals(OptionalLong.of(2), last.triggerCheckpoint());
        assertEquals(List.of(), last.cancelledCheckpoints());
    }

    @Test
    void when_barrierComesForACheckpointAnotherChannelAlreadyPassed_then_itIsCancelledOnce() {
        // Given: channel 0 is already at checkpoint 2, which is being aligned
        BarrierAligner aligner = new BarrierAligner(3, EXACTLY_ONCE);
        aligner.onBarrier(0, 2);

        // When
        Decision first = aligner.onBarrier(1, 1);
        Decision again = aligner.onBarrier(2, 1);

        // Then: 1 can never complete; 2 keeps aligning
        assertEquals(List.of(1L), first.cancelledCheckpoints());
        assertEquals(List.of(), first.channelsToBlock());
        assertTrue(again.isEmpty());
        assertEquals(List.of(0), aligner.blockedChannels());
    }

    @Test
    void when_aChannelEndsDuringAlignment_then_itCountsAsDeliveredAndCompletesTheCheckpoint() {
        // Given
        BarrierAligner aligner = new BarrierAligner(3, EXACTLY_ONCE);
        aligner.onBarrier(0, 1);
        aligner.onBarrier(1, 1);

        // When
        Decision d = aligner.onChannelEnded(2);

        // Then
        assertEquals(OptionalLong.of(1), d.triggerCheckpoint());
        assertEquals(List.of(0, 1), d.channelsToUnblock());
    }

    @Test
    void when_aChannelEndedEarlier_then_laterCheckpointsDoNotWaitForIt() {
        // Given
        BarrierAligner aligner = new BarrierAligner(2, EXACTLY_ONCE);
        assertTrue(aligner.onChannelEnded(1).isEmpty());

        // When
        Decision d = aligner.onBarrier(0, 1);

        // Then
        assertEquals(OptionalLong.of(1), d.triggerCheckpoint());
        assertEquals(List.of(), d.channelsToBlock());
    }

    @Test
    void when_anEndedChannelDeliversABarrier_then_itIsAProtocolError() {
        // Given
        BarrierAligner aligner = new BarrierAligner(2, AT_LEAST_ONCE);
        aligner.onChannelEnded(0);

        // When / Then
        assertThrows(IllegalStateException.class, () -> aligner.onBarrier(0, 1));
        assertThrows(IllegalStateException.class, () -> aligner.onChannelEnded(0));
    }

    @Test
    void when_cancellationBarrierArrivesWhileAligning_then_theCheckpointIsCancelledAndChannelsReleased() {
        // Given
        BarrierAligner aligner = new BarrierAligner(3, EXACTLY_ONCE);
        aligner.onBarrier(0, 1);

        // When
        Decision d = aligner.onCancellationBarrier(1, 1);
        Decision lateBarrier = aligner.onBarrier(2, 1);

        // Then
        assertEquals(List.of(1L), d.cancelledCheckpoints());
        assertEquals(List.of(0), d.channelsToUnblock());
        assertTrue(d.alignmentEnded());
        assertTrue(d.triggerCheckpoint().isEmpty());
        assertTrue(lateBarrier.isEmpty());
    }

    @Test
    void when_cancellationBarriersComeOnEveryChannel_then_theCheckpointIsCancelledOnlyOnce() {
        // Given
        BarrierAligner aligner = new BarrierAligner(2, AT_LEAST_ONCE);

        // When
        Decision first = aligner.onCancellationBarrier(0, 4);
        Decision second = aligner.onCancellationBarrier(1, 4);

        // Then
        assertEquals(List.of(4L), first.cancelledCheckpoints());
        assertTrue(second.isEmpty());
    }

    @Test
    void when_coordinatorAbortsTheAlignedCheckpoint_then_channelsAreReleasedWithoutCancelling() {
        // Given
        BarrierAligner aligner = new BarrierAligner(2, EXACTLY_ONCE);
        aligner.onBarrier(0, 1);

        // When
        Decision d = aligner.onAbort(1);
        Decision lateBarrier = aligner.onBarrier(1, 1);
        aligner.onBarrier(0, 2);
        Decision next = aligner.onBarrier(1, 2);

        // Then
        assertEquals(List.of(0), d.channelsToUnblock());
        assertEquals(List.of(), d.cancelledCheckpoints());
        assertTrue(d.alignmentEnded());
        assertTrue(lateBarrier.isEmpty());
        assertEquals(OptionalLong.of(2), next.triggerCheckpoint());
    }

    @Test
    void when_coordinatorAbortsAFutureCheckpoint_then_itsBarriersAreIgnored() {
        // Given
        BarrierAligner aligner = new BarrierAligner(2, EXACTLY_ONCE);

        // When
        assertTrue(aligner.onAbort(3).isEmpty());
        Decision barrier = aligner.onBarrier(0, 3);

        // Then
        assertTrue(barrier.isEmpty());
        assertFalse(aligner.isBlocked(0));
    }

    @Test
    void when_barrierIdsGoBackwardsOnAChannel_then_itIsAProtocolError() {
        // Given
        BarrierAligner aligner = new BarrierAligner(2, AT_LEAST_ONCE);
        aligner.onBarrier(0, 5);

        // When / Then
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> aligner.onBarrier(0, 5));
        assertTrue(e.getMessage().contains("ids must increase"), e.getMessage());
    }

    @Test
    void when_argumentsAreOutOfRange_then_theyAreRejected() {
        // Given / When / Then
        assertThrows(IllegalArgumentException.class, () -> new BarrierAligner(0, EXACTLY_ONCE));
        assertThrows(IllegalArgumentException.class, () -> new BarrierAligner(2, null));
        BarrierAligner aligner = new BarrierAligner(2, EXACTLY_ONCE);
        assertThrows(IllegalArgumentException.class, () -> aligner.onBarrier(2, 1));
        assertThrows(IllegalArgumentException.class, () -> aligner.onBarrier(0, -1));
    }

    @Test
    void when_manyCheckpointsRun_then_decisionsComeInIncreasingOrder() {
        // Given: channel 1 sometimes cancels, channel 0 always delivers
        BarrierAligner aligner = new BarrierAligner(2, EXACTLY_ONCE);
        long lastDecided = 0;

        for (long id = 1; id <= 20; id++) {
            // When
            Decision a = aligner.onBarrier(0, id);
            Decision b = id % 3 == 0 ? aligner.onCancellationBarrier(1, id) : aligner.onBarrier(1, id);

            // Then
            for (Decision d : List.of(a, b)) {
                for (long cancelled : d.cancelledCheckpoints()) {
                    assertTrue(cancelled > lastDecided);
                    lastDecided = cancelled;
                }
                if (d.triggerCheckpoint().isPresent()) {
                    assertTrue(d.triggerCheckpoint().getAsLong() > lastDecided);
                    lastDecided = d.triggerCheckpoint().getAsLong();
                }
            }
            assertEquals(id, lastDecided);
            assertEquals(List.of(), aligner.blockedChannels());
        }
    }
}
