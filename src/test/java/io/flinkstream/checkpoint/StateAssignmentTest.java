package io.flinkstream.checkpoint;

import io.flinkstream.state.KeyGroupRange;
import io.flinkstream.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which stored state goes where, and which checkpoints a job refuses: pure, from metadata alone. */
class StateAssignmentTest {
    private static final OperatorId SOURCE = new OperatorId("00000000000000000000000000000001");
    private static final OperatorId COUNT = new OperatorId("00000000000000000000000000000002");
    private static final OperatorId BUFFER = new OperatorId("00000000000000000000000000000003");

    /** A checkpoint of source(p) -> buffer(p, operator state) -> count(p, keyed), max parallelism 128. */
    private static CheckpointMetadata checkpoint(int parallelism) {
        Map<String, List<StateHandle>> tasks = new HashMap<>();
        for (int s = 0; s < parallelism; s++) {
            tasks.put("v0-s" + s, List.of(handle("v0-s" + s + ".source").tagged(StateKind.SOURCE, SOURCE, s, null),
                    handle("v0-s" + s + ".operator-x").tagged(StateKind.OPERATOR, BUFFER, s, null)));
            tasks.put("v1-s" + s, List.of(handle("v1-s" + s + ".keyed").tagged(StateKind.KEYED, COUNT, s,
                    KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, parallelism, s))));
        }
        return new CheckpointMetadata("job", 9, 0, List.of(new OperatorMetadata(SOURCE, "numbers", parallelism, 128),
                new OperatorMetadata(BUFFER, "Buffer", parallelism, 128),
                new OperatorMetadata(COUNT, "Count", parallelism, 128)), tasks);
    }

    private static StateHandle handle(String name) {
        return new StateHandle("chk-9/" + name, 1, 0);
    }

    private static JobShape shape(int parallelism, int maxParallelism, OperatorId... operators) {
        List<OperatorMetadata> ops = new ArrayList<>();
        for (OperatorId id : operators) {
            ops.add(new OperatorMetadata(id, "op " + id.hex().substring(31), parallelism, maxParallelism));
        }
        return new JobShape(ops, Set.of(COUNT), Set.of(SOURCE), List.of(parallelism, parallelism));
    }

    @Test
    void when_a_new_subtask_asks_for_keyed_state_then_each_key_group_comes_from_exactly_one_handle() {
        for (int before : new int[] {1, 2, 3, 4}) {
            for (int after : new int[] {1, 2, 3, 4, 7}) {
                // Given
                StateAssignment assignment = new StateAssignment(checkpoint(before));
                int[] readBy = new int[128];

                // When every new subtask takes its handles and the key groups in its range from them
                for (int s = 0; s < after; s++) {
                    KeyGroupRange mine = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, after, s);
                    for (StateHandle h : assignment.keyedHandles(COUNT, mine)) {
                        for (int kg : h.keyGroupRange().intersection(mine)) {
                            readBy[kg]++;
                        }
                    }
                }

                // Then every key group is read exactly once
                for (int kg = 0; kg < 128; kg++) {
                    assertEquals(1, readBy[kg], "key group " + kg + " at " + before + " -> " + after);
                }
            }
        }
    }

    @Test
    void when_handles_are_asked_for_by_subtask_then_every_old_subtask_has_its_entry() {
        // Given
        StateAssignment assignment = new StateAssignment(checkpoint(3));

        // When
        List<List<StateHandle>> bySubtask = assignment.handlesBySubtask(SOURCE, StateKind.SOURCE);

        // Then
        assertEquals(3, bySubtask.size());
        for (int s = 0; s < 3; s++) {
            assertEquals(s, bySubtask.get(s).get(0).subtask());
        }
        assertEquals(List.of(List.of(), List.of(), List.of()), assignment.handlesBySubtask(SOURCE,
                StateKind.KEYED), "no handles of that kind: an empty entry per old subtask");
    }

    @Test
    void when_the_job_has_every_operator_at_another_parallelism_then_nothing_is_refused() {
        assertEquals(List.of(), StateAssignment.check(checkpoint(2), shape(5, 128, SOURCE, BUFFER, COUNT), false));
    }

    @Test
    void when_the_job_has_a_new_operator_then_nothing_is_refused() {
        OperatorId added = new OperatorId("000000000000000000000000000000aa");
        assertEquals(List.of(), StateAssignment.check(checkpoint(2), shape(2, 128, SOURCE, added, BUFFER, COUNT),
                false));
    }

    @Test
    void when_the_max_parallelism_of_a_keyed_operator_changed_then_the_restore_is_refused_naming_both_values() {
        // When
        List<String> problems = StateAssignment.check(checkpoint(2), shape(2, 256, SOURCE, BUFFER, COUNT), false);

        // Then
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("'Count'") && problems.get(0).contains(COUNT.hex())
                && problems.get(0).contains("max parallelism 128") && problems.get(0).contains("256")
                && problems.get(0).contains("setMaxParallelism(128)"), problems.get(0));
    }

    @Test
    void when_a_stateful_operator_was_removed_then_the_restore_is_refused_unless_non_restored_state_is_allowed() {
        // When
        List<String> refused = StateAssignment.check(checkpoint(2), shape(2, 128, SOURCE, COUNT), false);
        List<String> allowed = StateAssignment.check(checkpoint(2), shape(2, 128, SOURCE, COUNT), true);

        // Then
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("'Buffer'") && refused.get(0).contains(BUFFER.hex())
                && refused.get(0).contains("setAllowNonRestoredState(true)")
                && refused.get(0).contains("flinkstream.allow-non-restored-state"), refused.get(0));
        assertEquals(List.of(), allowed);
    }

    @Test
    void when_a_version_1_checkpoint_is_restored_at_another_parallelism_then_it_is_refused() {
        // Given a checkpoint without operator ids, of two vertices at parallelism 2
        Map<String, List<StateHandle>> tasks = new HashMap<>();
        for (String task : List.of("v0-s0", "v0-s1", "v1-s0", "v1-s1")) {
            tasks.put(task, List.of(new StateHandle("chk-1/" + task + ".keyed", 1, 0, StateKind.KEYED, null,
                    task.charAt(4) - '0', KeyGroupRange.EMPTY)));
        }
        CheckpointMetadata v1 = new CheckpointMetadata("job", 1, 0, tasks);

        // When / Then
        assertEquals(List.of(), StateAssignment.check(v1, shape(2, 128, SOURCE, COUNT), false));
        List<String> problems = StateAssignment.check(v1, shape(3, 128, SOURCE, COUNT), false);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("version 1") && problems.get(0).contains("same parallelism"),
                problems.get(0));
    }
}
