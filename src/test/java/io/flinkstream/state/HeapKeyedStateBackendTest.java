package io.flinkstream.state;

import static io.flinkstream.state.KeyedBackendFixture.setKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

class HeapKeyedStateBackendTest {
    private final HeapKeyedStateBackend backend = KeyedBackendFixture.allKeyGroups();

    @Test
    void prefetch_changes_nothing_whatever_the_keys() throws Exception {
        ValueState<Long> count = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
        backend.getOrCreateKeyedState(new MapStateDescriptor<>("seen", String.class, Long.class));
        setKey(backend, "a");
        count.update(1L);
        setKey(backend, "current");
        count.update(7L);
        // Present and absent keys, and a null one (refused later by setCurrentKey, not here).
        Object[] keys = {"a", "absent", null, "a"};
        int[] groups = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            groups[i] = keys[i] == null ? 0 : KeyGroupRangeAssignment.assignToKeyGroup(keys[i], 128);
        }
        backend.prefetch(keys, groups, 0, keys.length);

        assertEquals("current", backend.getCurrentKey());
        assertEquals(7L, count.value());
        setKey(backend, "a");
        assertEquals(1L, count.value());
        setKey(backend, "absent");
        assertNull(count.value());
        assertEquals(2, KeyedBackendFixture.table(backend, "count").size());
    }

    @Test
    void when_theSameNameIsRequestedTwice_then_theSameStateObjectIsReturned() {
        // Given
        ValueState<Long> first = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));

        // When
        ValueState<Long> second = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));

        // Then
        assertSame(first, second);
    }

    @Test
    void when_theSameNameIsRequestedWithAnotherStateType_then_theErrorNamesBoth() {
        // Given
        backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));

        // When
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> backend.getOrCreateKeyedState(new ListStateDescriptor<>("count", Long.class)));

        // Then
        assertTrue(failure.getMessage().contains("ValueState 'count' of java.lang.Long"), failure.getMessage());
        assertTrue(failure.getMessage().contains("ListState 'count' of java.lang.Long"), failure.getMessage());
    }

    @Test
    void when_theSameNameIsRequestedWithAnotherClass_then_itIsRejected() {
        // Given
        backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
        backend.getOrCreateKeyedState(new MapStateDescriptor<>("seen", String.class, Long.class));

        // When / Then
        IllegalStateException valueClass = assertThrows(IllegalStateException.class,
                () -> backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Integer.class)));
        IllegalStateException mapKeyClass = assertThrows(IllegalStateException.class,
                () -> backend.getOrCreateKeyedState(new MapStateDescriptor<>("seen", Integer.class, Long.class)));
        assertTrue(valueClass.getMessage().contains("java.lang.Integer"), valueClass.getMessage());
        assertTrue(mapKeyClass.getMessage().contains("of java.lang.Integer to java.lang.Long"),
                mapKeyClass.getMessage());
    }

    @Test
    void when_stateIsUsedBeforeAnyKeyIsSet_then_theErrorNamesTheStateAndExplains() {
        // Given
        ValueState<Long> count = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));

        // When
        IllegalStateException failure = assertThrows(IllegalStateException.class, count::value);

        // Then
        assertTrue(failure.getMessage().contains("ValueState 'count'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("no key is set"), failure.getMessage());
        assertThrows(IllegalStateException.class, count::clear);
    }

    @Test
    void when_keyGroupIsOutsideTheBackendRange_then_setCurrentKeyFails() {
        // Given
        HeapKeyedStateBackend half = new HeapKeyedStateBackend(KeyGroupRange.of(0, 63), 128);

        // When
        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> half.setCurrentKey("k", 64));

        // Then
        assertTrue(failure.getMessage().contains("wrong subtask"), failure.getMessage());
        assertThrows(NullPointerException.class, () -> half.setCurrentKey(null, 3));
    }

    @Test
    void when_keyGroupIsNotTheKeys_and_assertionsAreEnabled_then_setCurrentKeyFails() {
        // Given
        assumeTrue(HeapKeyedStateBackend.class.desiredAssertionStatus(), "needs -ea");
        int wrong = (KeyGroupRangeAssignment.assignToKeyGroup("k", 128) + 1) % 128;

        // When / Then
        assertThrows(AssertionError.class, () -> backend.setCurrentKey("k", wrong));
    }

    @Test
    void when_keysAreSet_then_eachKeysStateLivesInTheMapOfItsKeyGroup() throws Exception {
        // Given
        HeapKeyedStateBackend upperHalf = new HeapKeyedStateBackend(KeyGroupRange.of(64, 127), 128);
        ValueState<Integer> state = upperHalf.getOrCreateKeyedState(new ValueStateDescriptor<>("v", Integer.class));
        StateTable<Object, Integer> table = KeyedBackendFixture.table(upperHalf, "v");
        int stored = 0;

        // When
        for (int key = 0; key < 1000; key++) {
            int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, 128);
            if (keyGroup >= 64) {
                upperHalf.setCurrentKey(key, keyGroup);
                state.update(key * 10);
                stored++;
            }
        }

        // Then
        assertEquals(stored, table.size());
        for (int key = 0; key < 1000; key++) {
            int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, 128);
            if (keyGroup >= 64) {
                assertEquals(key * 10, table.mapForKeyGroup(keyGroup).get(key));
            }
        }
    }

    @Test
    void when_currentKeyIsSet_then_getCurrentKeyAndKeyGroupReturnIt() {
        // Given
        assertNull(backend.getCurrentKey());
        assertEquals(-1, backend.getCurrentKeyGroup());

        // When
        setKey(backend, "user-1");

        // Then
        assertEquals("user-1", backend.getCurrentKey());
        assertEquals(KeyGroupRangeAssignment.assignToKeyGroup("user-1", 128), backend.getCurrentKeyGroup());
        assertEquals(KeyGroupRange.of(0, 127), backend.keyGroupRange());
        assertEquals(128, backend.maxParallelism());
    }

    @Test
    void when_backendIsClosed_then_itDropsStateAndRefusesFurtherUse() throws Exception {
        // Given
        ValueState<Long> count = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
        setKey(backend, "k");
        count.update(1L);

        // When
        backend.close();
        backend.close();

        // Then
        assertThrows(IllegalStateException.class, () -> setKey(backend, "k"));
        assertThrows(IllegalStateException.class, count::value);
        assertThrows(IllegalStateException.class,
                () -> backend.getOrCreateKeyedState(new ValueStateDescriptor<>("other", Long.class)));
        assertTrue(backend.stateNames().isEmpty());
    }

    @Test
    void when_rangeDoesNotFitTheMaxParallelism_then_constructionFails() {
        // Given / When / Then
        assertThrows(IllegalArgumentException.class, () -> new HeapKeyedStateBackend(KeyGroupRange.of(0, 128), 128));
        assertThrows(IllegalArgumentException.class, () -> new HeapKeyedStateBackend(KeyGroupRange.EMPTY, 128));
        assertThrows(IllegalArgumentException.class, () -> new HeapKeyedStateBackend(KeyGroupRange.of(0, 0), 0));
    }

    @Test
    void when_aMutableKeyIsChangedAfterItWasSet_then_theStateStaysUnderTheKeyAsItWas() throws Exception {
        // Given a value stored under a mutable key, a list that is part of the record, as a key selector returns it
        List<String> key = new ArrayList<>(List.of("a"));
        ValueState<Long> count = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
        setKey(backend, key);
        count.update(1L);

        // When the function changes its record, and with it the key object
        key.add("changed");

        // Then a later record with the key's old value still finds the state, and the snapshot writes the old key
        setKey(backend, List.of("a"));
        assertEquals(1L, count.value());
        RestoredKeyedState restored = KeyedStateSnapshot.deserialize(backend.snapshot().serialize(),
                getClass().getClassLoader());
        assertEquals(Set.of(List.of("a")), restored.states().get("count").keyGroups().values()
                .stream().flatMap(entries -> entries.keySet().stream()).collect(Collectors.toSet()));
    }

    @Test
    void when_two_restored_snapshots_hold_the_same_key_group_then_the_restore_fails_naming_it() throws Exception {
        // Given a snapshot holding key "k"
        ValueState<Long> count = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
        setKey(backend, "k");
        count.update(1L);
        byte[] blob = backend.snapshot(1).serialize();
        HeapKeyedStateBackend restored = KeyedBackendFixture.allKeyGroups();

        // When the same snapshot is offered twice
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> restored.restore(List.of(blob, blob)));

        // Then
        assertTrue(e.getMessage().contains("of state 'count'")
                && e.getMessage().contains("is in two of the snapshots"), e.getMessage());
    }

    @Test
    void when_snapshots_of_disjoint_ranges_are_restored_into_one_backend_then_every_key_is_back() throws Exception {
        // Given two backends of half the key groups each, with a key each
        HeapKeyedStateBackend low = new HeapKeyedStateBackend(KeyGroupRange.of(0, 63), 128);
        HeapKeyedStateBackend high = new HeapKeyedStateBackend(KeyGroupRange.of(64, 127), 128);
        List<byte[]> blobs = new ArrayList<>();
        for (HeapKeyedStateBackend half : List.of(low, high)) {
            ValueState<Long> count = half.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
            for (long key = 0; key < 200; key++) {
                int kg = KeyGroupRangeAssignment.assignToKeyGroup(key, 128);
                if (half.keyGroupRange().contains(kg)) {
                    half.setCurrentKey(key, kg);
                    count.update(key);
                }
            }
            blobs.add(half.snapshot(1).serialize());
        }

        // When one backend of all key groups restores both
        HeapKeyedStateBackend all = new HeapKeyedStateBackend(KeyGroupRange.of(0, 127), 128);
        all.restore(blobs);

        // Then
        ValueState<Long> count = all.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
        for (long key = 0; key < 200; key++) {
            all.setCurrentKey(key, KeyGroupRangeAssignment.assignToKeyGroup(key, 128));
            assertEquals(key, count.value());
        }
    }
}
