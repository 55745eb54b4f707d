package io.flinkstream.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sharing out lists of old subtasks over new ones: nothing lost, nothing twice, unchanged at the same parallelism. */
class ListRedistributionTest {
    private static final List<List<String>> OLD = List.of(List.of("a", "b", "c"), List.of("d"), List.of());

    @Test
    void when_the_parallelism_is_unchanged_then_every_subtask_gets_back_its_own_list() {
        for (int s = 0; s < 3; s++) {
            assertEquals(OLD.get(s), ListRedistribution.evenShare(OLD, s, 3));
            assertEquals(OLD.get(s), ListRedistribution.moduloShare(OLD, s, 3));
        }
    }

    @Test
    void when_lists_are_shared_evenly_over_another_parallelism_then_runs_are_contiguous_and_the_first_get_one_more() {
        assertEquals(List.of("a", "b"), ListRedistribution.evenShare(OLD, 0, 2));
        assertEquals(List.of("c", "d"), ListRedistribution.evenShare(OLD, 1, 2));
        assertEquals(List.of("a", "b"), ListRedistribution.evenShare(List.of(List.of("a", "b", "c", "d", "e")), 0, 3));
        assertEquals(List.of("e"), ListRedistribution.evenShare(List.of(List.of("a", "b", "c", "d", "e")), 2, 3));
    }

    @Test
    void when_splits_are_shared_by_index_then_split_i_goes_to_subtask_i_mod_p() {
        assertEquals(List.of("a", "c"), ListRedistribution.moduloShare(OLD, 0, 2));
        assertEquals(List.of("b", "d"), ListRedistribution.moduloShare(OLD, 1, 2));
        assertEquals(List.of(), ListRedistribution.moduloShare(OLD, 4, 5));
    }

    @Test
    void when_shared_over_any_parallelism_then_every_element_is_given_exactly_once() {
        for (int p = 1; p <= 6; p++) {
            List<String> even = new ArrayList<>();
            List<String> modulo = new ArrayList<>();
            for (int s = 0; s < p; s++) {
                even.addAll(ListRedistribution.evenShare(OLD, s, p));
                modulo.addAll(ListRedistribution.moduloShare(OLD, s, p));
            }
            even.sort(null);
            modulo.sort(null);
            assertEquals(List.of("a", "b", "c", "d"), even, "even at " + p);
            assertEquals(List.of("a", "b", "c", "d"), modulo, "modulo at " + p);
        }
    }

    @Test
    void when_a_union_is_asked_for_then_every_element_comes_in_subtask_order() {
        assertEquals(List.of("a", "b", "c", "d"), ListRedistribution.union(OLD));
    }
}
