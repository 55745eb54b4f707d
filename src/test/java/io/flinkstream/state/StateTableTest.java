package io.flinkstream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StateTableTest {

    @Test
    void when_valuesArePutIntoKeyGroups_then_eachKeyGroupHasItsOwnMap() {
        // Given
        StateTable<String, Integer> table = new StateTable<>(KeyGroupRange.of(10, 13), null);

        // When
        table.put("a", 10, 1);
        table.put("a", 13, 2);

        // Then
        assertNotSame(table.mapForKeyGroup(10), table.mapForKeyGroup(13));
        assertEquals(1, table.get("a", 10));
        assertEquals(2, table.get("a", 13));
        assertNull(table.get("a", 11));
        assertEquals(2, table.size());
        assertEquals(1, table.mapForKeyGroup(13).size());
    }

    @Test
    void when_keyGroupIsOutsideTheRange_then_checkedAccessFails() {
        // Given
        StateTable<String, Integer> table = new StateTable<>(KeyGroupRange.of(10, 13), null);

        // When
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> table.put("a", 14, 1));

        // Then
        assertTrue(failure.getMessage().contains("[10, 13]"), failure.getMessage());
    }

    @Test
    void when_tableIsCleared_then_allKeyGroupsAreEmpty() {
        // Given
        StateTable<String, Integer> table = new StateTable<>(KeyGroupRange.of(0, 3), null);
        for (int keyGroup = 0; keyGroup < 4; keyGroup++) {
            table.put("k" + keyGroup, keyGroup, keyGroup);
        }

        // When
        table.remove("k0", 0);
        int sizeAfterRemove = table.size();
        table.clear();

        // Then
        assertEquals(3, sizeAfterRemove);
        assertEquals(0, table.size());
    }

    @Test
    void when_rangeIsEmpty_then_constructionFails() {
        // Given / When / Then
        assertThrows(IllegalArgumentException.class, () -> new StateTable<String, Integer>(KeyGroupRange.EMPTY, null));
    }
}
