package io.flinkstream.state;

import static io.flinkstream.state.KeyedBackendFixture.setKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.state.StateMapTest.CollidingKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeapValueStateTest {

    @Test
    void when_keysHaveValues_then_eachKeySeesOnlyItsOwn() throws Exception {
        // Given
        HeapKeyedStateBackend backend = KeyedBackendFixture.allKeyGroups();
        ValueState<Long> count = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));

        // When
        setKey(backend, "a");
        Long absent = count.value();
        count.update(1L);
        setKey(backend, "b");
        count.update(2L);

        // Then
        assertNull(absent);
        setKey(backend, "a");
        assertEquals(1L, count.value());
        setKey(backend, "b");
        assertEquals(2L, count.value());
    }

    @Test
    void when_updateIsGivenNull_then_onlyTheCurrentKeysEntryIsRemoved() throws Exception {
        // Given
        HeapKeyedStateBackend backend = KeyedBackendFixture.allKeyGroups();
        ValueState<String> state = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("s", String.class));
        setKey(backend, 1);
        state.update("one");
        setKey(backend, 2);
        state.update("two");

        // When
        state.update(null);

        // Then
        assertNull(state.value());
        assertEquals(1, KeyedBackendFixture.table(backend, "s").size());
        setKey(backend, 1);
        assertEquals("one", state.value());
    }

    @Test
    void when_clearIsCalled_then_onlyTheCurrentKeyLosesItsValueAndCanGetANewOne() throws Exception {
        // Given
        HeapKeyedStateBackend backend = KeyedBackendFixture.allKeyGroups();
        ValueState<Integer> state = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("v", Integer.class));
        setKey(backend, "other");
        state.update(7);
        setKey(backend, "k");
        state.update(1);

        // When
        state.clear();
        Integer afterClear = state.value();
        state.update(2);

        // Then
        assertNull(afterClear);
        assertEquals(2, state.value());
        setKey(backend, "other");
        assertEquals(7, state.value());
    }

    @Test
    void when_theMapResizesBetweenValueAndUpdate_then_updateStillWritesTheCurrentKey() throws Exception {
        // Given: the current key was looked up and found absent, so its free slot is cached
        HeapKeyedStateBackend backend = KeyedBackendFixture.singleKeyGroup();
        ValueState<Integer> state = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("v", Integer.class));
        setKey(backend, "current");
        assertNull(state.value());

        // When: other keys are inserted behind the state's back until the map resizes several times
        StateTable<Object, Integer> table = KeyedBackendFixture.table(backend, "v");
        for (int i = 0; i < 100; i++) {
            table.put("other-" + i, 0, i);
        }
        state.update(5);

        // Then
        assertEquals(5, table.get("current", 0));
        assertEquals(101, table.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, table.get("other-" + i, 0));
        }
    }

    @Test
    void when_aRemovalShiftsTheCurrentKeysEntryBetweenValueAndUpdate_then_updateFollowsTheEntry() throws Exception {
        // Given: four keys with the same hash occupy consecutive slots; the last one is current and cached
        HeapKeyedStateBackend backend = KeyedBackendFixture.singleKeyGroup();
        ValueState<Integer> state = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("v", Integer.class));
        for (int id : new int[] {0, 5, 10, 15}) {
            setKey(backend, new CollidingKey(id));
            state.update(id);
        }
        assertEquals(15, state.value());

        // When: removing the first key shifts the others one slot back
        KeyedBackendFixture.table(backend, "v").remove(new CollidingKey(0), 0);
        state.update(99);

        // Then
        assertEquals(99, state.value());
        StateMap<Object, Integer> map = KeyedBackendFixture.currentMap(backend, "v");
        assertEquals(99, map.get(new CollidingKey(15)));
        assertEquals(Map.of(new CollidingKey(5), 5, new CollidingKey(10), 10, new CollidingKey(15), 99),
                map.snapshot().toMap());
    }

    @Test
    void when_aSnapshotIsTakenBetweenValueAndUpdate_then_theSnapshotKeepsTheOldValue() throws Exception {
        // Given
        HeapKeyedStateBackend backend = KeyedBackendFixture.allKeyGroups();
        ValueState<Long> count = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
        setKey(backend, "k");
        count.update(1L);
        Long read = count.value();

        // When
        StateMapSnapshot<Object, Long> snapshot = KeyedBackendFixture.<Long>currentMap(backend, "count").snapshot();
        count.update(read + 1);

        // Then
        assertEquals(Map.of("k", 1L), snapshot.toMap());
        assertEquals(2L, count.value());
    }

    @Test
    void when_theSameKeyIsSetAgainAfterOtherKeys_then_itsValueIsFoundAgain() throws Exception {
        // Given
        HeapKeyedStateBackend backend = KeyedBackendFixture.singleKeyGroup();
        ValueState<Integer> state = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("v", Integer.class));
        Integer key = 1000;
        setKey(backend, key);
        state.update(1);

        // When: many other keys force resizes while the same key object stays around
        for (int other = 0; other < 50; other++) {
            setKey(backend, other);
            state.update(other);
        }
        setKey(backend, key);

        // Then
        assertEquals(1, state.value());
    }

    @Test
    void when_valueAndUpdateInterleaveWithForeignChangesToTheSameMap_then_theStateMatchesAnOracle() throws Exception {
        // Given: colliding keys in one key group make probe sequences long, so removals move entries often
        HeapKeyedStateBackend backend = KeyedBackendFixture.singleKeyGroup();
        ValueState<Integer> state = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("v", Integer.class));
        StateTable<Object, Integer> table = KeyedBackendFixture.table(backend, "v");
        Map<Object, Integer> oracle = new HashMap<>();
        Random random = new Random(5);

        for (int op = 0; op < 100_000; op++) {
            CollidingKey key = new CollidingKey(random.nextInt(200));
            setKey(backend, key);
            // When: read, let something else change the map, then write
            Integer read = state.value();
            assertEquals(oracle.get(key), read);
            CollidingKey foreign = new CollidingKey(random.nextInt(200));
            if (!foreign.equals(key)) {
                if (random.nextBoolean()) {
                    table.remove(foreign, 0);
                    oracle.remove(foreign);
                } else {
                    table.put(foreign, 0, op);
                    oracle.put(foreign, op);
                }
            }
            if (random.nextInt(5) == 0) {
                state.clear();
                oracle.remove(key);
            } else {
                state.update(op);
                oracle.put(key, op);
            }
            // Then
            assertEquals(oracle.get(key), state.value());
        }
        assertEquals(oracle, KeyedBackendFixture.currentMap(backend, "v").snapshot().toMap());
    }
}
