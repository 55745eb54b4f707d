package io.flinkstream.state;

import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeutils.runtime.KryoSerializer;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operator state lists, their snapshots, and how a restore hands them out to subtasks. */
class OperatorStateSnapshotTest {

    @Test
    void when_restoring_then_list_state_goes_back_to_its_subtask_and_union_state_to_every_subtask() {
        // Given two subtasks, each with a list "own" and a union list "offsets"
        Map<Integer, OperatorStateSnapshot> bySubtask = Map.of(
                0, snapshot(List.of("a0"), List.of(10L)),
                1, snapshot(List.of("a1"), List.of(11L, 12L)));

        // When subtask 1 restores
        OperatorStateSnapshot restored = OperatorStateSnapshot.restoreFor(1, bySubtask);

        // Then it gets its own list and the union of all subtasks' union lists, in subtask order
        assertEquals(List.of("a1"), restored.listsOf(0).get("own").elements());
        assertEquals(List.of(10L, 11L, 12L), restored.listsOf(0).get("offsets").elements());
        assertTrue(restored.listsOf(0).get("offsets").union());
    }

    @Test
    void when_a_subtask_stored_nothing_then_it_still_gets_the_union_state() {
        // Given only subtask 0 stored state (subtask 1 had finished)
        Map<Integer, OperatorStateSnapshot> bySubtask = Map.of(0, snapshot(List.of("a0"), List.of(10L)));

        // When
        OperatorStateSnapshot restored = OperatorStateSnapshot.restoreFor(1, bySubtask);

        // Then
        assertEquals(List.of("offsets"), List.copyOf(restored.listsOf(0).keySet()));
        assertEquals(List.of(10L), restored.listsOf(0).get("offsets").elements());
        assertTrue(restored.listsOf(0).get("offsets").union());
    }

    @Test
    void when_serialized_and_read_back_then_the_snapshot_is_equal() throws Exception {
        // Given
        OperatorStateSnapshot snapshot = snapshot(List.of("x", "y"), List.of(1L));

        // When
        OperatorStateSnapshot read = OperatorStateSnapshot.deserialize(snapshot.serialize(),
                getClass().getClassLoader());

        // Then
        assertEquals(contents(snapshot), contents(read));
    }

    @Test
    void when_a_restored_list_is_asked_for_then_it_holds_the_elements_and_is_snapshotted_again() throws Exception {
        // Given a store restored with one list the function asks for and one it does not
        HeapOperatorStateStore store = new HeapOperatorStateStore(Map.of(
                "own", list(false, List.of("a")),
                "later", list(false, List.of("b"))));

        // When
        ListState<String> own = store.getListState(new ListStateDescriptor<>("own", String.class));
        own.add("c");

        // Then
        assertEquals(List.of("a", "c"), own.get());
        assertSame(own, store.getListState(new ListStateDescriptor<>("own", String.class)));
        assertEquals(List.of("a", "c"), store.snapshot().get("own").elements());
        assertEquals(List.of("b"), store.snapshot().get("later").elements(), "state not asked for is kept");
    }

    @Test
    void when_a_name_is_used_as_list_and_union_list_then_it_is_rejected() throws Exception {
        // Given
        HeapOperatorStateStore store = new HeapOperatorStateStore(Map.of());
        store.getListState(new ListStateDescriptor<>("s", String.class));

        // When / Then
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.getUnionListState(new ListStateDescriptor<>("s", String.class)));
        assertTrue(e.getMessage().contains("getListState"), e.getMessage());
    }

    private static OperatorStateSnapshot snapshot(List<Serializable> own, List<Serializable> offsets) {
        return new OperatorStateSnapshot(Map.of(0, Map.of("own", list(false, own), "offsets", list(true, offsets))));
    }

    /** A live list whose elements the generic serializer writes. */
    private static OperatorStateSnapshot.NamedList list(boolean union, List<?> elements) {
        return new OperatorStateSnapshot.NamedList(union, List.copyOf(elements),
                new KryoSerializer<>(Object.class, new SerializerConfig()), null);
    }

    /** member → name → (union flag, elements), without the serializers. */
    private static Map<Integer, Map<String, List<Object>>> contents(OperatorStateSnapshot snapshot) {
        Map<Integer, Map<String, List<Object>>> result = new java.util.TreeMap<>();
        snapshot.members().forEach((member, lists) -> lists.forEach((name, l) -> result
                .computeIfAbsent(member, m -> new java.util.TreeMap<>())
                .put(name, List.of(l.union(), l.elements()))));
        return result;
    }
}
