package io.flinkstream.state;

import static io.flinkstream.state.KeyedBackendFixture.setKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapListStateTest {
    private final HeapKeyedStateBackend backend = KeyedBackendFixture.allKeyGroups();
    private final ListState<String> list =
            backend.getOrCreateKeyedState(new ListStateDescriptor<>("pending", String.class));

    @Test
    void when_keyHasNoElements_then_getReturnsAnEmptyIterableNotNull() throws Exception {
        // Given
        setKey(backend, "k");

        // When
        Iterable<String> elements = list.get();

        // Then
        assertNotNull(elements);
        assertFalse(elements.iterator().hasNext());
    }

    @Test
    void when_elementsAreAdded_then_getReturnsThemInOrderPerKey() throws Exception {
        // Given
        setKey(backend, "a");
        list.add("a1");
        setKey(backend, "b");
        list.add("b1");

        // When
        setKey(backend, "a");
        list.add("a2");
        list.addAll(List.of("a3", "a4"));

        // Then
        assertEquals(List.of("a1", "a2", "a3", "a4"), toList(list.get()));
        setKey(backend, "b");
        assertEquals(List.of("b1"), toList(list.get()));
    }

    @Test
    void when_updateIsCalled_then_theListIsReplacedAndAnEmptyListClearsIt() throws Exception {
        // Given
        setKey(backend, "k");
        list.add("old");

        // When
        list.update(List.of("x", "y"));
        List<String> replaced = toList(list.get());
        list.update(List.of());

        // Then
        assertEquals(List.of("x", "y"), replaced);
        assertFalse(list.get().iterator().hasNext());
        assertEquals(0, KeyedBackendFixture.table(backend, "pending").size());
    }

    @Test
    void when_nullElementsArePassed_then_theyAreRejectedNamingTheStateAndNothingChanges() throws Exception {
        // Given
        setKey(backend, "k");
        list.add("kept");

        // When
        NullPointerException add = assertThrows(NullPointerException.class, () -> list.add(null));
        NullPointerException addAll =
                assertThrows(NullPointerException.class, () -> list.addAll(Arrays.asList("x", null)));
        NullPointerException update = assertThrows(NullPointerException.class, () -> list.update(null));

        // Then
        assertTrue(add.getMessage().contains("ListState 'pending'"), add.getMessage());
        assertTrue(addAll.getMessage().contains("element 1"), addAll.getMessage());
        assertTrue(update.getMessage().contains("update(null)"), update.getMessage());
        assertEquals(List.of("kept"), toList(list.get()));
    }

    @Test
    void when_theIterableIsChanged_then_itRefusesBecauseItIsReadOnly() throws Exception {
        // Given
        setKey(backend, "k");
        list.add("x");
        Iterator<String> iterator = list.get().iterator();
        iterator.next();

        // When / Then
        assertThrows(UnsupportedOperationException.class, iterator::remove);
    }

    @Test
    void when_elementsAreAddedAfterASnapshot_then_theSnapshotKeepsTheOldList() throws Exception {
        // Given
        setKey(backend, "k");
        list.add("a");
        StateMapSnapshot<Object, List<String>> snapshot =
                KeyedBackendFixture.<List<String>>currentMap(backend, "pending").snapshot();

        // When
        list.add("b");
        list.addAll(List.of("c"));

        // Then
        assertEquals(Map.of("k", List.of("a")), snapshot.toMap());
        assertEquals(List.of("a", "b", "c"), toList(list.get()));
    }

    @Test
    void when_clearIsCalled_then_onlyTheCurrentKeysListIsRemoved() throws Exception {
        // Given
        setKey(backend, "a");
        list.add("a1");
        setKey(backend, "b");
        list.add("b1");

        // When
        list.clear();

        // Then
        assertFalse(list.get().iterator().hasNext());
        setKey(backend, "a");
        assertEquals(List.of("a1"), toList(list.get()));
    }

    private static List<String> toList(Iterable<String> elements) {
        List<String> result = new ArrayList<>();
        elements.forEach(result::add);
        return result;
    }
}
