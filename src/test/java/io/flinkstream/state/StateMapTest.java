package io.flinkstream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateMapTest {

    /** A key whose hash codes collide on purpose, to force long probe sequences and backward shifts. */
    record CollidingKey(int id) {
        @Override
        public int hashCode() {
            return id % 5;
        }
    }

    @Test
    void when_keysArePutAndRemoved_then_getAndSizeReflectThem() {
        // Given
        StateMap<String, Integer> map = new StateMap<>(null);

        // When
        assertNull(map.put("a", 1));
        assertNull(map.put("b", 2));
        Integer previous = map.put("a", 3);
        Integer removed = map.remove("b");

        // Then
        assertEquals(1, previous);
        assertEquals(2, removed);
        assertEquals(3, map.get("a"));
        assertNull(map.get("b"));
        assertFalse(map.containsKey("b"));
        assertTrue(map.containsKey("a"));
        assertEquals(1, map.size());
        assertNull(map.remove("missing"));
    }

    @Test
    void when_manyKeysAreInserted_then_theMapGrowsAndStaysAtMostThreeQuartersFull() {
        // Given
        StateMap<Long, Long> map = new StateMap<>(null);

        // When
        for (long key = 0; key < 100_000; key++) {
            map.put(key, key * 2);
        }

        // Then
        assertEquals(100_000, map.size());
        assertTrue(map.size() <= map.capacity() * 3 / 4, "capacity " + map.capacity());
        assertEquals(Integer.bitCount(map.capacity()), 1, "capacity is a power of two");
        for (long key = 0; key < 100_000; key++) {
            assertEquals(key * 2, map.get(key));
        }
    }

    @Test
    void when_collidingKeysAreRemovedFromTheMiddleOfAProbeSequence_then_theOthersStayReachable() {
        // Given
        StateMap<CollidingKey, Integer> map = new StateMap<>(null);
        for (int id = 0; id < 40; id++) {
            map.put(new CollidingKey(id), id);
        }

        // When: remove every third key, so holes open inside long probe sequences
        for (int id = 0; id < 40; id += 3) {
            map.remove(new CollidingKey(id));
        }

        // Then
        for (int id = 0; id < 40; id++) {
            Integer expected = id % 3 == 0 ? null : id;
            assertEquals(expected, map.get(new CollidingKey(id)), "key " + id);
        }
    }

    @Test
    void when_putIsGivenANullValue_then_itIsRejected() {
        // Given
        StateMap<String, Integer> map = new StateMap<>(null);

        // When / Then
        assertThrows(NullPointerException.class, () -> map.put("a", null));
    }

    @Test
    void when_theMapIsCleared_then_itIsEmptyAndUsableAgain() {
        // Given
        StateMap<Integer, Integer> map = new StateMap<>(null);
        for (int i = 0; i < 1000; i++) {
            map.put(i, i);
        }

        // When
        map.clear();
        map.put(7, 70);

        // Then
        assertEquals(1, map.size());
        assertEquals(70, map.get(7));
        assertNull(map.get(8));
    }

    @Test
    void when_randomOperationsRunAgainstAHashMapOracle_then_bothAlwaysAgree() {
        runOracle(new Random(42), 300_000, 20_000, Integer::valueOf);
        runOracle(new Random(7), 100_000, 300, CollidingKey::new);
    }

    private static <K> void runOracle(Random random, int operations, int keySpace,
            java.util.function.IntFunction<K> keyOf) {
        // Given
        StateMap<K, Integer> map = new StateMap<>(null);
        Map<K, Integer> oracle = new HashMap<>();

        for (int op = 0; op < operations; op++) {
            K key = keyOf.apply(random.nextInt(keySpace));
            int action = random.nextInt(10);
            // When: a mix of puts, removals and reads; phases of heavy removal shrink the content
            boolean removalPhase = (op / 50_000) % 2 == 1;
            if (action < (removalPhase ? 2 : 5)) {
                int value = random.nextInt();
                assertEquals(oracle.put(key, value), map.put(key, value));
            } else if (action < 8) {
                assertEquals(oracle.remove(key), map.remove(key));
            } else {
                assertEquals(oracle.get(key), map.get(key));
                assertEquals(oracle.containsKey(key), map.containsKey(key));
            }
            // Then
            assertEquals(oracle.size(), map.size());
            if (op % 10_000 == 0) {
                assertEquals(oracle, map.snapshot().toMap());
            }
        }
        assertEquals(oracle, map.snapshot().toMap());
    }

    @Test
    void when_capacity_is_ensured_then_content_stays_and_filling_up_to_it_never_moves_slots() {
        // Given a map with some keys and a snapshot of it
        StateMap<Long, Long> map = new StateMap<>(null);
        for (long k = 0; k < 100; k++) {
            map.put(k, k * 10);
        }
        StateMapSnapshot<Long, Long> before = map.snapshot();

        // When room is made for 10,000 keys, then they are put
        map.ensureCapacity(10_000);
        long stamp = map.structureStamp();
        for (long k = 100; k < 10_000; k++) {
            map.put(k, k * 10);
        }

        // Then every key is there, the inserts never resized (a resize moves every slot), and the snapshot is intact
        assertEquals(10_000, map.size());
        for (long k = 0; k < 10_000; k++) {
            assertEquals(k * 10, map.get(k));
        }
        assertEquals(9_900, map.structureStamp() - stamp, "one structure change per insert, none for a resize");
        assertEquals(100, before.size());
        assertEquals(990L, before.toMap().get(99L));
    }
}
