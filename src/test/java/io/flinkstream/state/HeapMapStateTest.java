package io.flinkstream.state;

import static io.flinkstream.state.KeyedBackendFixture.setKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeapMapStateTest {
    private final HeapKeyedStateBackend backend = KeyedBackendFixture.allKeyGroups();
    private final MapState<String, Long> seen =
            backend.getOrCreateKeyedState(new MapStateDescriptor<>("seen", String.class, Long.class));

    @Test
    void when_keyHasNoMappings_then_readsReturnEmptyResultsNotNull() throws Exception {
        // Given
        setKey(backend, "k");

        // When / Then
        assertNull(seen.get("x"));
        assertFalse(seen.contains("x"));
        assertTrue(seen.isEmpty());
        assertFalse(seen.entries().iterator().hasNext());
        assertFalse(seen.keys().iterator().hasNext());
        assertFalse(seen.values().iterator().hasNext());
        assertFalse(seen.iterator().hasNext());
    }

    @Test
    void when_mappingsArePutAndRemoved_then_readsReflectThemPerKey() throws Exception {
        // Given
        setKey(backend, "a");
        seen.put("x", 1L);
        seen.putAll(Map.of("y", 2L, "z", 3L));
        setKey(backend, "b");
        seen.put("x", 100L);

        // When
        setKey(backend, "a");
        seen.remove("y");
        seen.remove("absent");

        // Then
        assertEquals(Map.of("x", 1L, "z", 3L), toMap(seen));
        assertEquals(Set.of("x", "z"), toSet(seen.keys()));
        assertTrue(seen.contains("z"));
        setKey(backend, "b");
        assertEquals(Map.of("x", 100L), toMap(seen));
    }

    @Test
    void when_theLastMappingIsRemoved_then_theKeysStateEntryDisappears() throws Exception {
        // Given
        setKey(backend, "k");
        seen.put("x", 1L);

        // When
        seen.remove("x");

        // Then
        assertTrue(seen.isEmpty());
        assertEquals(0, KeyedBackendFixture.table(backend, "seen").size());
    }

    @Test
    void when_nullsArePassed_then_nullKeysAreRejectedAndNullValuesAndMapsAccepted() throws Exception {
        // Given
        setKey(backend, "k");

        // When
        NullPointerException nullKey = assertThrows(NullPointerException.class, () -> seen.put(null, 1L));
        seen.put("x", null);
        seen.putAll(null);
        Map<String, Long> withNullKey = new HashMap<>();
        withNullKey.put(null, 1L);
        assertThrows(NullPointerException.class, () -> seen.putAll(withNullKey));

        // Then
        assertTrue(nullKey.getMessage().contains("MapState 'seen'"), nullKey.getMessage());
        assertTrue(seen.contains("x"));
        assertNull(seen.get("x"));
        assertEquals(1, toMap(seen).size());
    }

    @Test
    void when_iteratorRemoves_then_mappingsGoAndRemovingAllClearsTheEntry() throws Exception {
        // Given
        setKey(backend, "k");
        seen.putAll(Map.of("a", 1L, "b", 2L, "c", 3L));

        // When
        Iterator<Map.Entry<String, Long>> iterator = seen.iterator();
        assertThrows(IllegalStateException.class, iterator::remove);
        while (iterator.hasNext()) {
            iterator.next();
            iterator.remove();
        }

        // Then
        assertTrue(seen.isEmpty());
        assertEquals(0, KeyedBackendFixture.table(backend, "seen").size());
    }

    @Test
    void when_mappingsChangeAfterASnapshot_then_theSnapshotKeepsTheOldMap() throws Exception {
        // Given
        setKey(backend, "k");
        seen.putAll(Map.of("a", 1L, "b", 2L, "c", 3L));
        StateMapSnapshot<Object, Map<String, Long>> snapshot =
                KeyedBackendFixture.<Map<String, Long>>currentMap(backend, "seen").snapshot();

        // When
        seen.put("d", 4L);
        seen.remove("a");

        // Then
        assertEquals(Map.of("k", Map.of("a", 1L, "b", 2L, "c", 3L)), snapshot.toMap());
        assertEquals(Map.of("b", 2L, "c", 3L, "d", 4L), toMap(seen));
    }

    @Test
    void when_iteratorRemovesAfterASnapshot_then_iterationCompletesAndOnlyTheLiveMapChanges() throws Exception {
        // Given
        setKey(backend, "k");
        seen.putAll(Map.of("a", 1L, "b", 2L, "c", 3L, "d", 4L));
        StateMapSnapshot<Object, Map<String, Long>> snapshot =
                KeyedBackendFixture.<Map<String, Long>>currentMap(backend, "seen").snapshot();

        // When: remove the even values while iterating
        Set<String> visited = new HashSet<>();
        for (Iterator<Map.Entry<String, Long>> it = seen.iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> entry = it.next();
            visited.add(entry.getKey());
            if (entry.getValue() % 2 == 0) {
                it.remove();
            }
        }

        // Then
        assertEquals(Set.of("a", "b", "c", "d"), visited);
        assertEquals(Map.of("a", 1L, "c", 3L), toMap(seen));
        assertEquals(Map.of("k", Map.of("a", 1L, "b", 2L, "c", 3L, "d", 4L)), snapshot.toMap());
    }

    @Test
    void when_theCurrentKeyChangesDuringIteration_then_removeRefuses() throws Exception {
        // Given
        setKey(backend, "k");
        seen.put("a", 1L);
        Iterator<Map.Entry<String, Long>> iterator = seen.iterator();
        iterator.next();

        // When
        setKey(backend, "other");

        // Then
        assertThrows(IllegalStateException.class, iterator::remove);
    }

    @Test
    void when_entriesAreChanged_then_theyRefuseBecauseTheyAreReadOnly() throws Exception {
        // Given
        setKey(backend, "k");
        seen.put("a", 1L);

        // When
        Map.Entry<String, Long> fromEntries = seen.entries().iterator().next();
        Map.Entry<String, Long> fromIterator = seen.iterator().next();

        // Then
        assertThrows(UnsupportedOperationException.class, () -> fromEntries.setValue(2L));
        assertThrows(UnsupportedOperationException.class, () -> fromIterator.setValue(2L));
        assertEquals(1L, seen.get("a"));
    }

    private static Map<String, Long> toMap(MapState<String, Long> state) throws Exception {
        Map<String, Long> result = new HashMap<>();
        for (Map.Entry<String, Long> entry : state.entries()) {
            result.put(entry.getKey(), entry.getValue());
        }
        return result;
    }

    private static Set<String> toSet(Iterable<String> elements) {
        Set<String> result = new HashSet<>();
        elements.forEach(result::add);
        return result;
    }
}
