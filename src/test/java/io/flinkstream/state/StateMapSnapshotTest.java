package io.flinkstream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StateMapSnapshotTest {

    @Test
    void when_mapChangesAfterASnapshot_then_theSnapshotKeepsTheOldContentAndTheMapTheNew() {
        // Given
        StateMap<Integer, String> map = new StateMap<>(null);
        for (int i = 0; i < 10; i++) {
            map.put(i, "v" + i);
        }
        Map<Integer, String> before = map.snapshot().toMap();
        StateMapSnapshot<Integer, String> snapshot = map.snapshot();

        // When: overwrite, remove, and insert enough keys to resize
        map.put(0, "changed");
        map.remove(1);
        for (int i = 100; i < 1000; i++) {
            map.put(i, "new");
        }

        // Then
        assertEquals(before, snapshot.toMap());
        assertEquals(10, snapshot.size());
        assertEquals("changed", map.get(0));
        assertEquals(null, map.get(1));
        assertEquals(909, map.size());
    }

    @Test
    void when_mapIsClearedAfterASnapshot_then_theSnapshotIsUnaffected() {
        // Given
        StateMap<Integer, Integer> map = new StateMap<>(null);
        map.put(1, 10);
        StateMapSnapshot<Integer, Integer> snapshot = map.snapshot();

        // When
        map.clear();

        // Then
        assertEquals(Map.of(1, 10), snapshot.toMap());
        assertTrue(map.isEmpty());
    }

    @Test
    void when_aValueIsChangedInPlaceAfterASnapshot_then_itIsCopiedFirstAndTheSnapshotSeesTheOldValue() {
        // Given
        StateMap<String, ArrayList<Integer>> map = new StateMap<>(ArrayList::new);
        map.put("k", new ArrayList<>(List.of(1, 2)));
        StateMapSnapshot<String, ArrayList<Integer>> snapshot = map.snapshot();
        int slot = map.findSlot("k", StateMap.hash("k"));

        // When
        ArrayList<Integer> first = map.valueForUpdate(slot);
        first.add(3);
        ArrayList<Integer> second = map.valueForUpdate(slot);
        second.add(4);

        // Then: one copy per snapshot, not per change
        assertSame(first, second);
        assertEquals(List.of(1, 2), snapshot.toMap().get("k"));
        assertEquals(List.of(1, 2, 3, 4), map.get("k"));
    }

    @Test
    void when_everySnapshotIsReleased_then_valuesAreChangedInPlaceWithoutCopies() {
        // Given
        StateMap<String, ArrayList<Integer>> map = new StateMap<>(ArrayList::new);
        ArrayList<Integer> list = new ArrayList<>(List.of(1));
        map.put("k", list);
        StateMapSnapshot<String, ArrayList<Integer>> snapshot = map.snapshot();

        // When
        map.releaseSnapshot(snapshot);
        map.releaseSnapshot(snapshot);
        ArrayList<Integer> forUpdate = map.valueForUpdate(map.findSlot("k", StateMap.hash("k")));

        // Then
        assertSame(list, forUpdate);
    }

    @Test
    void when_oneOfTwoSnapshotsSharingTheArraysIsReleased_then_writesStillLeaveTheOtherUnchanged() {
        // Given
        StateMap<String, ArrayList<Integer>> map = new StateMap<>(ArrayList::new);
        map.put("k", new ArrayList<>(List.of(1)));
        map.put("j", new ArrayList<>(List.of(9)));
        StateMapSnapshot<String, ArrayList<Integer>> older = map.snapshot();
        StateMapSnapshot<String, ArrayList<Integer>> newer = map.snapshot();

        // When
        map.releaseSnapshot(newer);
        map.valueForUpdate(map.findSlot("k", StateMap.hash("k"))).add(2);
        map.remove("j");
        map.put("x", new ArrayList<>(List.of(5)));

        // Then
        assertEquals(Map.of("k", List.of(1), "j", List.of(9)), older.toMap());
        assertEquals(Map.of("k", List.of(1, 2), "x", List.of(5)), map.snapshot().toMap());
        assertTrue(newer.version() > older.version());
    }

    @Test
    void when_aSnapshotOfAnotherMapIsReleased_then_releaseFails() {
        // Given
        StateMap<String, Integer> map = new StateMap<>(null);
        StateMap<String, Integer> other = new StateMap<>(null);

        // When / Then
        assertThrows(IllegalArgumentException.class, () -> map.releaseSnapshot(other.snapshot()));
    }

    @Test
    void when_randomChangesInterleaveWithSnapshots_then_everyUnreleasedSnapshotShowsItsMomentExactly() {
        // Given
        Random random = new Random(1234);
        StateMap<Integer, ArrayList<Integer>> map = new StateMap<>(ArrayList::new);
        Map<Integer, List<Integer>> oracle = new HashMap<>();
        List<StateMapSnapshot<Integer, ArrayList<Integer>>> snapshots = new ArrayList<>();
        List<Map<Integer, List<Integer>>> expected = new ArrayList<>();

        for (int op = 0; op < 200_000; op++) {
            // When
            int key = random.nextInt(3_000);
            int action = random.nextInt(1000);
            if (action < 400) {
                appendOrInsert(map, oracle, key, op);
            } else if (action < 700) {
                map.put(key, new ArrayList<>(List.of(op)));
                oracle.put(key, List.of(op));
            } else if (action < 996) {
                map.remove(key);
                oracle.remove(key);
            } else if (random.nextInt(3) > 0 || snapshots.isEmpty()) {
                snapshots.add(map.snapshot());
                expected.add(deepCopy(oracle));
            } else {
                int victim = random.nextInt(snapshots.size());
                map.releaseSnapshot(snapshots.remove(victim));
                expected.remove(victim);
            }
        }

        // Then
        assertTrue(snapshots.size() > 50, "the test should keep many snapshots alive: " + snapshots.size());
        for (int i = 0; i < snapshots.size(); i++) {
            assertSameContent(expected.get(i), snapshots.get(i).toMap(), "snapshot " + i);
        }
        assertEquals(oracle, map.snapshot().toMap());
    }

    @Test
    void when_anotherThreadReadsASnapshotWhileTheMapChanges_then_itAlwaysSeesTheSnapshotContent() throws Exception {
        // Given
        StateMap<Integer, ArrayList<Integer>> map = new StateMap<>(ArrayList::new);
        Map<Integer, List<Integer>> oracle = new HashMap<>();
        for (int key = 0; key < 5_000; key++) {
            appendOrInsert(map, oracle, key, key);
        }
        StateMapSnapshot<Integer, ArrayList<Integer>> snapshot = map.snapshot();
        Map<Integer, List<Integer>> expected = deepCopy(oracle);
        AtomicBoolean writing = new AtomicBoolean(true);

        // When: the reader compares the snapshot with the expectation until the writer is done
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int rounds = 0;
            do {
                Map<Integer, List<Integer>> seen = new HashMap<>();
                snapshot.forEach((key, list) -> seen.put(key, List.copyOf(list)));
                assertEquals(expected, seen);
                rounds++;
            } while (writing.get());
            return rounds;
        });
        Random random = new Random(99);
        for (int op = 0; op < 300_000; op++) {
            int key = random.nextInt(20_000);
            if (random.nextInt(4) == 0) {
                map.remove(key);
            } else {
                appendOrInsert(map, oracle, key, op);
            }
        }
        writing.set(false);

        // Then
        assertTrue(reader.get(60, TimeUnit.SECONDS) >= 1);
        assertEquals(expected, snapshot.toMap());
    }

    /** Appends through {@link StateMap#valueForUpdate(int)}, the path list state uses. */
    private static void appendOrInsert(StateMap<Integer, ArrayList<Integer>> map, Map<Integer, List<Integer>> oracle,
            int key, int element) {
        int slot = map.findSlot(key, StateMap.hash(key));
        if (slot >= 0) {
            map.valueForUpdate(slot).add(element);
        } else {
            map.insertAt(slot, key, StateMap.hash(key), new ArrayList<>(List.of(element)));
        }
        List<Integer> updated = new ArrayList<>(oracle.getOrDefault(key, List.of()));
        updated.add(element);
        oracle.put(key, List.copyOf(updated));
    }

    /** Like assertEquals, but reports only the first difference instead of both (large) maps. */
    private static void assertSameContent(Map<Integer, List<Integer>> expected, Map<Integer, ArrayList<Integer>> actual,
            String what) {
        for (Map.Entry<Integer, List<Integer>> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), actual.get(entry.getKey()), what + ", key " + entry.getKey());
        }
        assertEquals(expected.size(), actual.size(), what + ": number of keys");
    }

    /** The oracle's lists are immutable, so copying the map is enough. */
    private static Map<Integer, List<Integer>> deepCopy(Map<Integer, List<Integer>> map) {
        return new HashMap<>(map);
    }

    @Test
    void when_snapshotIsIterated_then_itYieldsEveryEntryOnce() {
        // Given
        StateMap<Integer, Integer> map = new StateMap<>(null);
        for (int i = 0; i < 100; i++) {
            map.put(i, i * i);
        }
        StateMapSnapshot<Integer, Integer> snapshot = map.snapshot();
        Map<Integer, Integer> seen = new HashMap<>();

        // When
        for (StateMapSnapshot.Entry<Integer, Integer> entry : snapshot) {
            assertEquals(null, seen.put(entry.key(), entry.value()), "duplicate key " + entry.key());
        }

        // Then
        assertEquals(100, seen.size());
        assertEquals(snapshot.toMap(), seen);
        assertNotSame(snapshot, map.snapshot());
    }
}
