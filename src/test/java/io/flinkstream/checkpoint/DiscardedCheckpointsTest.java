package io.flinkstream.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DiscardedCheckpointsTest {

    @Test
    void when_idsAreDiscardedOutOfOrder_then_adjacentOnesMergeIntoRanges() {
        // Given
        DiscardedCheckpoints discarded = new DiscardedCheckpoints();

        // When 1, 2, 4, 5 are discarded, then 3 between them
        discarded.add(2);
        discarded.add(1);
        discarded.add(5);
        discarded.add(4);
        assertEquals(2, discarded.rangeCount());
        discarded.add(3);

        // Then they are one range, and its neighbours are not in it
        assertEquals(1, discarded.rangeCount());
        assertEquals("DiscardedCheckpoints [1, 5]", discarded.toString());
        assertTrue(discarded.contains(3));
        assertFalse(discarded.contains(0));
        assertFalse(discarded.contains(6));
    }

    @Test
    void when_thousandsOfCheckpointsAreDiscardedAroundRetainedOnes_then_fewRangesAreHeld() {
        // Given / When every checkpoint up to 10,000 is discarded except every 1,000th, which stays retained
        DiscardedCheckpoints discarded = new DiscardedCheckpoints();
        for (long id = 1; id <= 10_000; id++) {
            if (id % 1_000 != 0) {
                discarded.add(id);
            }
        }

        // Then
        assertEquals(10, discarded.rangeCount());
        assertFalse(discarded.contains(5_000));
        assertTrue(discarded.contains(5_001));
    }

    @Test
    void when_anIdIsDiscardedTwice_then_nothingChanges() {
        DiscardedCheckpoints discarded = new DiscardedCheckpoints();
        discarded.add(7);
        discarded.add(7);
        assertEquals("DiscardedCheckpoints [7, 7]", discarded.toString());
    }
}
