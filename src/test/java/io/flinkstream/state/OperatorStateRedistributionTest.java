package io.flinkstream.state;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.base.LongSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One operator's lists from its old subtasks, shared out over new subtasks: lists evenly, union lists whole. */
class OperatorStateRedistributionTest {
    @SuppressWarnings("unchecked")
    private static final TypeSerializer<Object> LONGS = (TypeSerializer<Object>) (TypeSerializer<?>)
            LongSerializer.INSTANCE;

    private static OperatorStateSnapshot old(long... counts) {
        List<Object> elements = new ArrayList<>();
        for (long c : counts) {
            elements.add(c);
        }
        return new OperatorStateSnapshot(Map.of(2, Map.of(
                "counts", new OperatorStateSnapshot.NamedList(false, elements, LONGS, null),
                "all", new OperatorStateSnapshot.NamedList(true, elements, LONGS, null))));
    }

    @Test
    void when_three_old_subtasks_are_restored_by_two_then_lists_are_split_evenly_and_unions_go_whole_to_each() {
        // Given
        List<OperatorStateSnapshot> before = List.of(old(1, 2), old(3), old(4, 5, 6));

        // When
        Map<String, OperatorStateSnapshot.NamedList> first = OperatorStateSnapshot.redistribute(before, 0, 2);
        Map<String, OperatorStateSnapshot.NamedList> second = OperatorStateSnapshot.redistribute(before, 1, 2);

        // Then
        assertEquals(List.of(1L, 2L, 3L), first.get("counts").elements());
        assertEquals(List.of(4L, 5L, 6L), second.get("counts").elements());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), first.get("all").elements());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), second.get("all").elements());
    }

    @Test
    void when_restored_at_the_same_parallelism_then_each_subtask_keeps_its_own_list() {
        // Given
        List<OperatorStateSnapshot> before = List.of(old(1, 2, 3), OperatorStateSnapshot.EMPTY);

        // When / Then
        assertEquals(List.of(1L, 2L, 3L), OperatorStateSnapshot.redistribute(before, 0, 2).get("counts").elements());
        assertEquals(List.of(), OperatorStateSnapshot.redistribute(before, 1, 2).get("counts").elements());
    }
}
