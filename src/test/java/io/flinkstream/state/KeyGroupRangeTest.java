package io.flinkstream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyGroupRangeTest {

    @Test
    void when_rangeIsCreated_then_containsAndSizeFollowTheInclusiveBounds() {
        // Given
        KeyGroupRange range = KeyGroupRange.of(32, 63);

        // When / Then
        assertEquals(32, range.size());
        assertTrue(range.contains(32));
        assertTrue(range.contains(63));
        assertFalse(range.contains(31));
        assertFalse(range.contains(64));
        assertFalse(range.isEmpty());
        assertEquals("[32, 63]", range.toString());
    }

    @Test
    void when_rangeIsIterated_then_everyKeyGroupComesOnceInOrder() {
        // Given
        KeyGroupRange range = KeyGroupRange.of(5, 8);
        List<Integer> seen = new ArrayList<>();

        // When
        for (int keyGroup : range) {
            seen.add(keyGroup);
        }

        // Then
        assertEquals(List.of(5, 6, 7, 8), seen);
    }

    @Test
    void when_endIsJustBeforeStart_then_theRangeIsTheEmptyConstant() {
        // Given / When
        KeyGroupRange empty = KeyGroupRange.of(7, 6);

        // Then
        assertSame(KeyGroupRange.EMPTY, empty);
        assertEquals(KeyGroupRange.EMPTY, new KeyGroupRange(3, 2));
        assertEquals(0, empty.size());
        assertTrue(empty.isEmpty());
        assertFalse(empty.contains(0));
        assertFalse(empty.iterator().hasNext());
        assertEquals("[]", empty.toString());
    }

    @Test
    void when_boundsAreInvalid_then_constructionFails() {
        // Given / When / Then
        assertThrows(IllegalArgumentException.class, () -> KeyGroupRange.of(-1, 3));
        IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class, () -> KeyGroupRange.of(9, 3));
        assertTrue(backwards.getMessage().contains("EMPTY"), backwards.getMessage());
    }

    @Test
    void when_rangesOverlap_then_intersectionIsTheCommonPart() {
        // Given
        KeyGroupRange a = KeyGroupRange.of(0, 63);
        KeyGroupRange b = KeyGroupRange.of(32, 127);

        // When / Then
        assertEquals(KeyGroupRange.of(32, 63), a.intersection(b));
        assertEquals(KeyGroupRange.EMPTY, a.intersection(KeyGroupRange.of(64, 127)));
    }
}
