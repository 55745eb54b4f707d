package io.flinkstream.runtime.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receiving end of a subtask's channels, as a pure data structure. */
class InputGateTest {

    private static List<Object> drain(InputGate gate) {
        List<Object> items = new ArrayList<>();
        for (Object item = gate.poll(); item != null; item = gate.poll()) {
            items.add(item);
        }
        return items;
    }

    @Test
    void when_empty_then_poll_returns_null_and_nothing_is_available() {
        // Given
        InputGate gate = new InputGate(3);

        // When
        Object item = gate.poll();

        // Then
        assertNull(item);
        assertFalse(gate.hasAvailable());
        assertEquals(3, gate.channelCount());
        assertEquals(0, gate.maxQueued());
    }

    @Test
    void when_several_channels_have_items_then_they_are_consumed_round_robin_and_fifo_per_channel() {
        // Given
        InputGate gate = new InputGate(3);
        gate.add(0, "a1");
        gate.add(0, "a2");
        gate.add(0, "a3");
        gate.add(1, "b1");
        gate.add(2, "c1");
        gate.add(2, "c2");

        // When
        List<Object> order = drain(gate);

        // Then
        assertEquals(List.of("a1", "b1", "c1", "a2", "c2", "a3"), order);
        assertFalse(gate.hasAvailable());
    }

    @Test
    void when_a_channel_is_blocked_then_its_items_wait_until_unblocked() {
        // Given
        InputGate gate = new InputGate(2);
        gate.add(0, "a1");
        gate.add(0, "a2");
        gate.add(1, "b1");
        gate.block(0);

        // When
        List<Object> whileBlocked = drain(gate);
        boolean availableWhileBlocked = gate.hasAvailable();
        gate.unblockAll();
        List<Object> afterUnblock = drain(gate);

        // Then
        assertEquals(List.of("b1"), whileBlocked);
        assertFalse(availableWhileBlocked, "a blocked channel's items are not available");
        assertEquals(List.of("a1", "a2"), afterUnblock);
        assertFalse(gate.isBlocked(0));
    }

    @Test
    void when_channels_end_then_all_ended_only_once_every_channel_ended_even_if_marked_twice() {
        // Given
        InputGate gate = new InputGate(3);

        // When
        gate.markEnded(0);
        gate.markEnded(0);
        gate.markEnded(2);
        boolean afterTwoDistinct = gate.allEnded();
        gate.markEnded(1);

        // Then
        assertFalse(afterTwoDistinct, "marking channel 0 twice must not count twice");
        assertTrue(gate.allEnded());
    }

    @Test
    void when_items_queue_up_then_max_queued_is_the_longest_queue_ever_seen_on_one_channel() {
        // Given
        InputGate gate = new InputGate(2);
        gate.add(0, 1);
        gate.add(1, 2);
        gate.add(1, 3);
        gate.add(1, 4);

        // When
        drain(gate);
        gate.add(0, 5);

        // Then
        assertEquals(3, gate.maxQueued(), "the peak stays after the queue drained");
    }

    @Test
    void when_events_queue_behind_batches_then_max_queued_counts_the_batches_only() {
        // Given two batches, then the events that need no credit
        InputGate gate = new InputGate(1);
        gate.add(0, 1);
        gate.add(0, 2);
        gate.add(0, new io.flinkstream.runtime.network.frames.Barrier(0, 0, 7));
        gate.add(0, new io.flinkstream.runtime.network.frames.EndOfData(0, 0));
        gate.add(0, new io.flinkstream.runtime.network.frames.EndOfPartition(0, 0));

        // Then the peak is the credit-bound batches
        assertEquals(2, gate.maxQueued());
    }
}
