package io.flinkstream.state;

import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte form of keyed state: every value type round-trips, small numbers stay small, and damage is reported. */
class KeyedStateSnapshotTest {
    private static final int MAX_PARALLELISM = 8;

    /** A user type with no compact form: Java-serialized into the key group's object block. */
    record Point(int x, int y) implements Serializable {
    }

    private final HeapKeyedStateBackend backend =
            new HeapKeyedStateBackend(new KeyGroupRange(0, MAX_PARALLELISM - 1), MAX_PARALLELISM);

    /** state name → key group → key → value, as read back. */
    private static Map<String, Map<Integer, Map<Object, Object>>> read(byte[] bytes) throws IOException {
        Map<String, Map<Integer, Map<Object, Object>>> result = new java.util.LinkedHashMap<>();
        KeyedStateSnapshot.deserialize(bytes, KeyedStateSnapshotTest.class.getClassLoader()).states()
                .forEach((name, state) -> result.put(name, state.keyGroups()));
        return result;
    }

    private <T> void put(ValueState<T> state, Object key, T value) throws IOException {
        backend.setCurrentKey(key, KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM));
        state.update(value);
    }

    @Test
    void when_every_value_type_is_written_then_it_reads_back_equal() throws Exception {
        // Given keys and values of every compact type, mixed with user objects in the same key groups
        ValueState<Object> state = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("v", Object.class));
        Object[] pairs = {
                1L, Long.MIN_VALUE, -2L, Long.MAX_VALUE, 3, -7, "four", "vier \u00fc\u20ac",
                5.5, Double.NaN, true, false, new Point(6, 6), new Point(-1, 2), 7L, 0L, "eight", 8.25, 9, true,
                "lone \ud800 surrogate", "pair \ud83d\ude00", Integer.MIN_VALUE, Integer.MAX_VALUE};
        Map<Object, Object> written = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            written.put(pairs[i], pairs[i + 1]);
        }
        for (Map.Entry<Object, Object> e : written.entrySet()) {
            put(state, e.getKey(), e.getValue());
        }

        // When
        Map<String, Map<Integer, Map<Object, Object>>> read = read(backend.snapshot().serialize());

        // Then every entry is back in its key group, every key group is there, and nothing else is
        Map<Integer, Map<Object, Object>> groups = read.get("v");
        assertEquals(MAX_PARALLELISM, groups.size());
        Map<Object, Object> all = new java.util.HashMap<>();
        groups.forEach((keyGroup, entries) -> entries.forEach((key, value) -> {
            assertEquals(KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM), keyGroup, "key " + key);
            all.put(key, value);
        }));
        assertEquals(written, all);
    }

    @Test
    void when_counts_are_small_then_an_entry_takes_a_few_bytes() throws Exception {
        // Given 10,000 Long keys below 16,384 with Long counts below 64: 2 + 2 or 3 bytes each
        ValueState<Long> state = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
        for (long k = 0; k < 10_000; k++) {
            put(state, k, k % 64);
        }

        // When
        byte[] bytes = backend.snapshot().serialize();

        // Then 8 bytes per Long key and 8 per Long value (the Long serializer's fixed width) plus a small header
        assertTrue(bytes.length <= 10_000 * 16 + 300, bytes.length + " bytes");
        assertEquals(10_000, read(bytes).get("count").values().stream()
                .mapToInt(Map::size).sum());
    }

    @Test
    void when_a_map_state_holds_user_objects_then_they_round_trip() throws Exception {
        // Given a map state: its per-key value is a map, which has no compact form
        MapState<String, Point> state = backend.getOrCreateKeyedState(
                new MapStateDescriptor<>("points", String.class, Point.class));
        backend.setCurrentKey(42L, KeyGroupRangeAssignment.assignToKeyGroup(42L, MAX_PARALLELISM));
        state.put("a", new Point(1, 2));
        state.put("b", new Point(3, 4));

        // When
        Map<String, Map<Integer, Map<Object, Object>>> read = read(backend.snapshot().serialize());

        // Then
        Object value = read.get("points").get(KeyGroupRangeAssignment.assignToKeyGroup(42L, MAX_PARALLELISM))
                .get(42L);
        assertEquals(Map.of("a", new Point(1, 2), "b", new Point(3, 4)), value);
    }

    @Test
    void when_the_bytes_are_cut_short_or_extended_then_the_error_says_the_snapshot_is_corrupt() throws Exception {
        // Given
        ValueState<Long> state = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
        for (long k = 0; k < 100; k++) {
            put(state, k, k);
        }
        byte[] bytes = backend.snapshot().serialize();

        // When / Then
        IOException truncated = assertThrows(IOException.class,
                () -> read(Arrays.copyOf(bytes, bytes.length - 3)));
        assertTrue(truncated.getMessage().startsWith("Corrupt keyed state snapshot"), truncated.getMessage());
        IOException extended = assertThrows(IOException.class,
                () -> read(Arrays.copyOf(bytes, bytes.length + 1)));
        assertTrue(extended.getMessage().startsWith("Corrupt keyed state snapshot"), extended.getMessage());
    }

    /** Holds a thread: no serializer can write one. */
    static final class HoldsThread {
        Thread thread = new Thread(() -> { });
    }

    @Test
    void when_a_value_is_not_serializable_then_storing_it_fails_naming_its_class_and_state() throws Exception {
        // Given
        ValueState<Object> state = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("v", Object.class));
        backend.setCurrentKey(1L, KeyGroupRangeAssignment.assignToKeyGroup(1L, MAX_PARALLELISM));

        // When / Then: the state's own copy of the value already fails, before any checkpoint
        io.flinkstream.api.typeutils.runtime.UnserializableTypeException error = assertThrows(
                io.flinkstream.api.typeutils.runtime.UnserializableTypeException.class,
                () -> state.update(new HoldsThread()));
        assertTrue(error.getMessage().contains(HoldsThread.class.getName()), error.getMessage());
        assertTrue(error.getMessage().contains("ValueState 'v'"), error.getMessage());
        assertTrue(error instanceof io.flinkstream.api.SuppressRestartsException, "no restart can cure it");
    }

    @Test
    void when_a_snapshot_of_the_earlier_java_serialized_format_is_read_then_the_error_says_so() {
        // Given the first bytes of a format-2 snapshot: the Java serialization header
        byte[] formatTwo = {(byte) 0xAC, (byte) 0xED, 0, 5, 0x77, 4, 0, 0, 0, 2};

        // When / Then
        IOException error = assertThrows(IOException.class, () -> read(formatTwo));
        assertTrue(error.getMessage().contains("format 2"), error.getMessage());
        assertTrue(error.getMessage().contains("earlier FlinkStream"), error.getMessage());
    }
}
