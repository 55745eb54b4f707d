package io.flinkstream.runtime.task;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a subtask sends itself after each slice, recorded instead of sent. */
class SliceSchedulerTest {
    private final List<String> sent = new ArrayList<>();
    private final SliceScheduler scheduler = new SliceScheduler(() -> sent.add("continue"),
            () -> sent.add("flush"), delay -> sent.add("poll after " + delay.toMillis() + " ms"));

    /** Ends a slice with {@code step}; {@code buffered}: records sit in partly filled batches. */
    private void slice(StreamTask.Step step, boolean buffered) {
        scheduler.afterSlice(step, () -> buffered);
    }

    @Test
    void when_slices_have_more_to_do_then_one_continue_waits_at_a_time() {
        // Given a continue already waiting
        slice(StreamTask.Step.MORE, false);

        // When
        slice(StreamTask.Step.MORE, false);
        scheduler.continueArrived();
        slice(StreamTask.Step.MORE, false);

        // Then
        assertEquals(List.of("continue", "continue"), sent);
    }

    @Test
    void when_idle_with_buffered_records_then_one_flush_waits_at_a_time() {
        // When: idle with nothing buffered, then idle with records twice, then once more after the flush arrived
        slice(StreamTask.Step.IDLE, false);
        slice(StreamTask.Step.IDLE, true);
        slice(StreamTask.Step.IDLE, true);
        scheduler.flushArrived();
        slice(StreamTask.Step.IDLE, true);

        // Then
        assertEquals(List.of("flush", "flush"), sent, "no flush without buffered records, one at a time");
    }

    @Test
    void when_a_source_found_nothing_then_it_polls_again_after_the_poll_delay() {
        // When
        slice(StreamTask.Step.POLL_LATER, false);
        slice(StreamTask.Step.WAIT_FOR_CREDIT, true);

        // Then
        assertEquals(List.of("poll after " + SliceScheduler.POLL_DELAY.toMillis() + " ms"), sent);
        assertEquals(Duration.ofMillis(1), SliceScheduler.POLL_DELAY);
    }

    @Test
    void when_reset_then_what_was_sent_before_no_longer_holds_back_the_next() {
        // Given
        slice(StreamTask.Step.MORE, false);
        slice(StreamTask.Step.IDLE, true);

        // When
        scheduler.reset();
        slice(StreamTask.Step.MORE, false);
        slice(StreamTask.Step.IDLE, true);

        // Then
        assertEquals(List.of("continue", "flush", "continue", "flush"), sent);
    }

    @Test
    void when_a_step_is_for_the_actor_then_it_is_refused() {
        // When / Then
        assertThrows(IllegalStateException.class, () -> scheduler.afterSlice(StreamTask.Step.FINISHED, () -> false));
    }
}
