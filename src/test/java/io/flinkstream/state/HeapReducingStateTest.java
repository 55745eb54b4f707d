package io.flinkstream.state;

import static io.flinkstream.state.KeyedBackendFixture.setKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.state.ReducingState;
import io.flinkstream.api.state.ReducingStateDescriptor;
import org.junit.jupiter.api.Test;

class HeapReducingStateTest {
    private final HeapKeyedStateBackend backend = KeyedBackendFixture.allKeyGroups();

    @Test
    void when_valuesAreAdded_then_getReturnsTheFoldPerKey() throws Exception {
        // Given
        ReducingState<Long> sum = backend.getOrCreateKeyedState(
                new ReducingStateDescriptor<>("sum", Long::sum, Long.class));
        setKey(backend, "a");
        Long empty = sum.get();

        // When
        sum.add(1L);
        sum.add(2L);
        setKey(backend, "b");
        sum.add(10L);
        setKey(backend, "a");
        sum.add(3L);

        // Then
        assertNull(empty);
        assertEquals(6L, sum.get());
        setKey(backend, "b");
        assertEquals(10L, sum.get());
    }

    @Test
    void when_theFirstValueIsAdded_then_itIsStoredWithoutCallingTheFunction() throws Exception {
        // Given
        ReducingState<String> state = backend.getOrCreateKeyedState(new ReducingStateDescriptor<>("s", (a, b) -> {
            throw new AssertionError("must not be called for the first value");
        }, String.class));
        setKey(backend, "k");
        String first = new String("first");

        // When
        state.add(first);

        // Then
        assertSame(first, state.get());
    }

    @Test
    void when_theReduceFunctionThrows_then_theStoredValueIsUnchanged() throws Exception {
        // Given
        ReducingState<Integer> state = backend.getOrCreateKeyedState(new ReducingStateDescriptor<>("s", (a, b) -> {
            if (b < 0) {
                throw new IllegalArgumentException("negative");
            }
            return a + b;
        }, Integer.class));
        setKey(backend, "k");
        state.add(5);

        // When
        assertThrows(IllegalArgumentException.class, () -> state.add(-1));

        // Then
        assertEquals(5, state.get());
    }

    @Test
    void when_nullIsAddedOrTheFunctionReturnsNull_then_theErrorNamesTheState() throws Exception {
        // Given
        ReducingState<Integer> state = backend.getOrCreateKeyedState(
                new ReducingStateDescriptor<>("broken", (a, b) -> null, Integer.class));
        setKey(backend, "k");
        state.add(1);

        // When
        NullPointerException nullValue = assertThrows(NullPointerException.class, () -> state.add(null));
        NullPointerException nullResult = assertThrows(NullPointerException.class, () -> state.add(2));

        // Then
        assertTrue(nullValue.getMessage().contains("ReducingState 'broken'"), nullValue.getMessage());
        assertTrue(nullResult.getMessage().contains("returned null"), nullResult.getMessage());
        assertEquals(1, state.get());
    }

    @Test
    void when_clearIsCalled_then_theNextAddStartsOver() throws Exception {
        // Given
        ReducingState<Long> sum = backend.getOrCreateKeyedState(
                new ReducingStateDescriptor<>("sum", Long::sum, Long.class));
        setKey(backend, "k");
        sum.add(5L);

        // When
        sum.clear();
        Long cleared = sum.get();
        sum.add(2L);

        // Then
        assertNull(cleared);
        assertEquals(2L, sum.get());
    }
}
