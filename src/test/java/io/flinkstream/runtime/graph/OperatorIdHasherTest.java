package io.flinkstream.runtime.graph;

import io.flinkstream.api.InvalidJobException;
import io.flinkstream.checkpoint.OperatorId;
import io.flinkstream.connectors.DiscardingSink;
import io.flinkstream.connectors.SequenceSource;
import io.flinkstream.runtime.operators.MapOperator;
import io.flinkstream.runtime.operators.SinkOperator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operator ids: stable when the same job is built again, moved by an inserted operator, pinned by a uid. */
class OperatorIdHasherTest {

    /** source -> map "a" -> [map "b"] -> keyed "count" -> sink, built as a list of nodes, by name. */
    private static final class Job {
        final List<StreamNode> nodes = new ArrayList<>();

        Job(boolean insertB, String countUid) {
            StreamNode source = add(StreamNode.source(0, "source", new SequenceSource(1, 10)));
            StreamNode a = chain(source, "a");
            StreamNode last = insertB ? chain(a, "b") : a;
            StreamNode count = add(StreamNode.operator(nodes.size(), "count", new MapOperator<Long, Long>(v -> v),
                    false));
            count.addInput(new StreamEdge(last.id(), count.id(), Partitioning.HASH, v -> v));
            count.setUid(countUid);
            StreamNode sink = add(StreamNode.operator(nodes.size(), "sink",
                    new SinkOperator<>(new DiscardingSink<Long>()), true));
            sink.addInput(new StreamEdge(count.id(), sink.id(), Partitioning.FORWARD, null));
        }

        private StreamNode chain(StreamNode input, String name) {
            StreamNode node = add(StreamNode.operator(nodes.size(), name, new MapOperator<Long, Long>(v -> v), false));
            node.addInput(new StreamEdge(input.id(), node.id(), Partitioning.FORWARD, null));
            return node;
        }

        private StreamNode add(StreamNode node) {
            nodes.add(node);
            return node;
        }

        Map<String, OperatorId> ids() {
            Set<Integer> chained = new java.util.HashSet<>();
            nodes.stream().filter(n -> !n.isSource() && n.inputs().get(0).partitioning() == Partitioning.FORWARD)
                    .forEach(n -> chained.add(n.id()));
            Map<Integer, OperatorId> byNode = OperatorIdHasher.assign(nodes, chained);
            Map<String, OperatorId> byName = new java.util.HashMap<>();
            nodes.forEach(n -> byName.put(n.name(), byNode.get(n.id())));
            return byName;
        }
    }

    @Test
    void when_the_same_job_is_built_twice_then_every_operator_gets_the_same_id() {
        // Given / When
        Map<String, OperatorId> first = new Job(false, null).ids();
        Map<String, OperatorId> second = new Job(false, null).ids();

        // Then
        assertEquals(first, second);
    }

    @Test
    void when_every_node_is_hashed_then_the_ids_are_distinct() {
        // Given / When
        Map<String, OperatorId> ids = new Job(true, null).ids();

        // Then
        assertEquals(ids.size(), Set.copyOf(ids.values()).size());
    }

    @Test
    void when_an_operator_is_inserted_then_the_ids_downstream_of_it_change_and_those_upstream_do_not() {
        // Given
        Map<String, OperatorId> before = new Job(false, null).ids();

        // When
        Map<String, OperatorId> after = new Job(true, null).ids();

        // Then
        assertEquals(before.get("source"), after.get("source"));
        assertNotEquals(before.get("count"), after.get("count"));
        assertNotEquals(before.get("sink"), after.get("sink"));
    }

    @Test
    void when_an_operator_has_a_uid_then_an_inserted_operator_does_not_move_its_id() {
        // Given
        Map<String, OperatorId> before = new Job(false, "counter").ids();

        // When
        Map<String, OperatorId> after = new Job(true, "counter").ids();

        // Then the uid pins the operator, and what follows it keeps its id too
        assertEquals(before.get("count"), after.get("count"));
        assertEquals(before.get("sink"), after.get("sink"));
    }

    @Test
    void when_two_operators_share_a_uid_then_building_fails_naming_both() {
        // Given
        Job job = new Job(true, "same");
        job.nodes.get(1).setUid("same");

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, job::ids);

        // Then
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("'count'"), e.getMessage());
        assertTrue(e.getMessage().contains("uid 'same'"), e.getMessage());
    }
}
