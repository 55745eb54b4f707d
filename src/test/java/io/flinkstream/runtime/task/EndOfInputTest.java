package io.flinkstream.runtime.task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When end of data and end of partition may go out, as a pure state machine. */
class EndOfInputTest {

    @Test
    void when_the_last_channel_delivers_its_end_of_data_then_end_of_data_is_due_once() {
        // Given
        EndOfInput end = new EndOfInput(3, false);

        // When
        boolean afterFirst = end.channelDataEnded(0);
        boolean firstAgain = end.channelDataEnded(0);
        boolean afterSecond = end.channelDataEnded(2);
        boolean afterLast = end.channelDataEnded(1);
        boolean lastAgain = end.channelDataEnded(1);

        // Then
        assertFalse(afterFirst);
        assertFalse(firstAgain, "a channel counts once, however often it reports its end");
        assertFalse(afterSecond);
        assertTrue(afterLast);
        assertFalse(lastAgain);
    }

    @Test
    void given_no_checkpointing_when_data_ended_and_every_channel_ended_then_end_of_partition_may_go() {
        // Given
        EndOfInput end = new EndOfInput(2, false);

        // When / Then
        assertFalse(end.mayEndPartition(true), "not before end of data");
        end.dataEnded();
        assertFalse(end.mayEndPartition(false), "not while a channel is still open");
        assertTrue(end.mayEndPartition(true));
    }

    @ParameterizedTest(name = "taken before end of data {0}, after {1}, completed {2}: may end {3}")
    @CsvSource({
        "4, -1, 4,  false", // only a checkpoint from before finish() completed
        "-1, 5, -1, false", // the final checkpoint is still pending
        "-1, 5, 5,  true",  // the final checkpoint completed
        "-1, 7, 8,  true",  // a later checkpoint completed; its notice covers the final one
    })
    void given_checkpointing_when_checkpoints_complete_then_end_of_partition_waits_for_the_final_one(
            long takenBefore, long takenAfter, long completed, boolean mayEnd) {
        // Given a source of a checkpointing job that has read everything
        EndOfInput end = new EndOfInput(0, true);
        if (takenBefore >= 0) {
            end.checkpointTaken(takenBefore);
        }
        end.dataEnded();
        if (takenAfter >= 0) {
            end.checkpointTaken(takenAfter);
            end.checkpointTaken(takenAfter + 1);
        }

        // When
        if (completed >= 0) {
            end.checkpointComplete(completed);
        }

        // Then
        assertEquals(mayEnd, end.mayEndPartition(true));
    }

    @Test
    void when_end_of_partition_went_out_then_the_task_is_ending() {
        // Given
        EndOfInput end = new EndOfInput(1, false);
        end.channelDataEnded(0);
        end.dataEnded();

        // When
        boolean before = end.isEnding();
        end.partitionEnded();

        // Then
        assertFalse(before);
        assertTrue(end.isEnding());
        assertTrue(end.isDataEnded());
    }
}
