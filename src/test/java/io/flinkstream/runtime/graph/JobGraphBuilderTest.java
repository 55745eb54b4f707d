package io.flinkstream.runtime.graph;

import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.api.typeutils.base.LongSerializer;

import io.flinkstream.api.Collector;
import io.flinkstream.api.InvalidJobException;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.MapFunction;
import io.flinkstream.connectors.CollectionSource;
import io.flinkstream.connectors.DiscardingSink;
import io.flinkstream.connectors.SequenceSource;
import io.flinkstream.runtime.operators.FilterOperator;
import io.flinkstream.runtime.operators.KeyedProcessOperator;
import io.flinkstream.runtime.operators.KeyedReduceOperator;
import io.flinkstream.runtime.operators.MapOperator;
import io.flinkstream.runtime.operators.SinkOperator;
import io.flinkstream.runtime.operators.StreamOperator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation, chaining and channel numbering of the job graph: pure, no node. */
class JobGraphBuilderTest {
    private static final RuntimeSettings SETTINGS = new RuntimeSettings(1024, 4, 8);
    private static final KeySelector<Long, Long> BY_PARITY = v -> v % 2;

    private final List<StreamNode> nodes = new ArrayList<>();

    // ---- a small DSL over stream nodes ----

    private StreamNode source(String name, int parallelism) {
        return add(StreamNode.source(nodes.size(), "Source: " + name, new SequenceSource(1, 100)), parallelism);
    }

    private StreamNode operator(String name, StreamOperator<?, ?> operator, int parallelism, boolean sink) {
        return add(StreamNode.operator(nodes.size(), name, operator, sink), parallelism);
    }

    private StreamNode add(StreamNode node, int parallelism) {
        if (parallelism > 0) { // 0: leave unset, so the default applies
            node.setParallelism(parallelism);
        }
        nodes.add(node);
        return node;
    }

    private StreamNode map(String name, int parallelism) {
        return operator(name, new MapOperator<Long, Long>(v -> v + 1), parallelism, false);
    }

    private StreamNode sink(String name, int parallelism) {
        return operator(name, new SinkOperator<>(new DiscardingSink<Long>()), parallelism, true);
    }

    private static void connect(StreamNode from, StreamNode to, Partitioning partitioning) {
        to.addInput(new StreamEdge(from.id(), to.id(), partitioning,
                partitioning == Partitioning.HASH ? BY_PARITY : null));
    }

    private JobGraph build(int defaultParallelism) {
        return JobGraphBuilder.build("test", nodes, defaultParallelism, 128, SETTINGS);
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    static final class Passthrough extends KeyedProcessFunction<Long, Long, Long> {
        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            out.collect(value);
        }
    }

    // ---- chaining ----

    @Test
    void given_forward_edges_and_equal_parallelism_when_building_then_everything_is_one_chained_vertex() {
        // Given
        StreamNode source = source("numbers", 2);
        StreamNode map = map("Map", 0);
        StreamNode filter = operator("Filter", new FilterOperator<Long>(v -> v > 3), 0, false);
        StreamNode sink = sink("Sink", 2);
        connect(source, map, Partitioning.FORWARD);
        connect(map, filter, Partitioning.FORWARD);
        connect(filter, sink, Partitioning.FORWARD);

        // When
        JobGraph graph = build(2);

        // Then
        assertEquals(1, graph.vertices().size());
        assertEquals(List.of(), graph.edges());
        JobVertex vertex = graph.vertex(0);
        assertEquals("Source: numbers -> Map -> Filter -> Sink", vertex.name());
        assertEquals(2, vertex.parallelism());
        assertTrue(vertex.isSource());
        assertEquals("Source: numbers", vertex.sourceName());
        assertEquals(List.of("Map", "Filter", "Sink"), vertex.chain().stream().map(ChainMember::name).toList());
        assertEquals(List.of(0), vertex.sourceChainedOutputs());
        assertEquals(List.of(1), vertex.chain().get(0).chainedOutputs());
        assertEquals(List.of(2), vertex.chain().get(1).chainedOutputs());
        assertEquals(List.of(), vertex.chain().get(2).chainedOutputs());
        assertFalse(vertex.keyed());
    }

    @Test
    void when_a_key_by_separates_operators_then_the_chain_breaks_at_a_hash_edge_into_a_keyed_vertex() throws Exception {
        // Given
        StreamNode source = source("numbers", 0);
        StreamNode process = operator("KeyedProcess", new KeyedProcessOperator<>(new Passthrough()), 0, false);
        StreamNode sink = sink("Sink", 0);
        connect(source, process, Partitioning.HASH);
        connect(process, sink, Partitioning.FORWARD);

        // When
        JobGraph graph = build(3);

        // Then
        assertEquals(2, graph.vertices().size());
        JobEdge edge = graph.edge(0);
        assertEquals(Partitioning.HASH, edge.partitioning());
        assertNotNull(edge.keySelector(), "a hash edge carries its key selector");
        assertEquals(List.of(0), graph.vertex(0).sourceNetworkOutputs());
        JobVertex keyed = graph.vertex(1);
        assertTrue(keyed.keyed());
        assertEquals(List.of(0), keyed.inputEdges());
        assertEquals("KeyedProcess -> Sink", keyed.name());
        assertEquals(1L, edge.keySelector().deserialize(getClass().getClassLoader()).getKey(7L));
    }

    @Test
    void when_a_rebalance_separates_operators_then_the_chain_breaks_at_an_unkeyed_edge() {
        // Given
        StreamNode source = source("numbers", 0);
        StreamNode map = map("Map", 0);
        StreamNode sink = sink("Sink", 0);
        connect(source, map, Partitioning.REBALANCE);
        connect(map, sink, Partitioning.FORWARD);

        // When
        JobGraph graph = build(2);

        // Then
        assertEquals(List.of("Source: numbers", "Map -> Sink"), graph.vertices().stream().map(JobVertex::name).toList());
        assertEquals(Partitioning.REBALANCE, graph.edge(0).partitioning());
        assertNull(graph.edge(0).keySelector());
        assertFalse(graph.vertex(1).keyed());
    }

    @Test
    void when_parallelism_differs_across_a_forward_edge_then_the_chain_breaks_and_the_edge_becomes_rebalance() {
        // Given
        StreamNode source = source("numbers", 2);
        StreamNode map = map("Map", 3);
        StreamNode sink = sink("Sink", 3);
        connect(source, map, Partitioning.FORWARD);
        connect(map, sink, Partitioning.FORWARD);

        // When
        JobGraph graph = build(1);

        // Then
        assertEquals(2, graph.vertices().size());
        assertEquals(Partitioning.REBALANCE, graph.edge(0).partitioning());
        assertEquals(List.of(2, 3), graph.vertices().stream().map(JobVertex::parallelism).toList());
        assertEquals("Map -> Sink", graph.vertex(1).name());
    }

    @Test
    void when_streams_are_unioned_then_the_merging_operator_heads_its_own_vertex_with_one_edge_per_input() {
        // Given
        StreamNode first = source("first", 2);
        StreamNode second = source("second", 2);
        StreamNode map = map("Map", 2);
        StreamNode sink = sink("Sink", 2);
        connect(first, map, Partitioning.FORWARD);
        connect(second, map, Partitioning.FORWARD);
        connect(map, sink, Partitioning.FORWARD);

        // When
        JobGraph graph = build(2);

        // Then
        assertEquals(3, graph.vertices().size());
        JobVertex merged = graph.vertex(2);
        assertEquals("Map -> Sink", merged.name());
        assertEquals(2, merged.inputEdges().size());
        for (int edgeId : merged.inputEdges()) {
            assertEquals(Partitioning.FORWARD, graph.edge(edgeId).partitioning(), "equal parallelism stays forward");
        }
    }

    @Test
    void when_one_operator_feeds_a_chained_and_a_network_consumer_then_it_has_both_kinds_of_outputs() {
        // Given
        StreamNode source = source("numbers", 2);
        StreamNode map = map("Map", 2);
        StreamNode local = sink("Local sink", 2);
        StreamNode single = sink("Single sink", 1);
        StreamNode another = sink("Another sink", 2);
        connect(source, map, Partitioning.FORWARD);
        connect(map, local, Partitioning.FORWARD);
        connect(map, single, Partitioning.FORWARD);
        connect(map, another, Partitioning.FORWARD);

        // When
        JobGraph graph = build(2);

        // Then
        assertEquals(2, graph.vertices().size());
        ChainMember mapMember = graph.vertex(0).chain().get(0);
        assertEquals(2, mapMember.chainedOutputs().size(), "both sinks of equal parallelism are chained");
        assertEquals(List.of(0), mapMember.networkOutputs());
        assertEquals(Partitioning.REBALANCE, graph.edge(0).partitioning());
    }

    @Test
    void when_building_then_names_and_uids_reach_the_chain_members_and_user_code_is_frozen() throws Exception {
        // Given
        StreamNode source = source("numbers", 1);
        StreamNode map = operator("Add", new MapOperator<Long, Long>(new AddConstant(1)), 1, false);
        map.setUid("add-v1");
        StreamNode sink = sink("Sink", 1);
        connect(source, map, Partitioning.FORWARD);
        connect(map, sink, Partitioning.FORWARD);

        // When
        JobGraph graph = build(1);
        @SuppressWarnings("unchecked")
        MapOperator<Long, Long> live = (MapOperator<Long, Long>) map.operator();
        ((AddConstant) live.userFunction()).constant = 1_000;
        @SuppressWarnings("unchecked")
        MapOperator<Long, Long> copy = (MapOperator<Long, Long>) (StreamOperator<?, ?>) graph.vertex(0).chain().get(0)
                .operator().deserialize(getClass().getClassLoader());

        // Then
        assertEquals("add-v1", graph.vertex(0).chain().get(0).uid());
        assertNull(graph.vertex(0).chain().get(1).uid());
        assertEquals(11L, copy.userFunction().map(10L), "the graph holds the function as it was at build time");
    }

    static final class AddConstant implements MapFunction<Long, Long> {
        long constant;

        AddConstant(long constant) {
            this.constant = constant;
        }

        @Override
        public Long map(Long value) {
            return value + constant;
        }
    }

    // ---- channel numbering ----

    @Test
    void given_a_graph_with_every_edge_kind_when_numbering_channels_then_senders_and_receivers_agree() {
        // Given: forward, rebalance (explicit and from a parallelism change), hash and union edges
        StreamNode s1 = source("s1", 2);
        StreamNode s2 = source("s2", 3);
        StreamNode s3 = source("s3", 1);
        StreamNode merge = map("Merge", 3);
        StreamNode keyed = operator("Reduce", new KeyedReduceOperator<Long>(Long::sum, Types.LONG), 4, false);
        StreamNode keyedSink = sink("Keyed sink", 4);
        StreamNode single = sink("Single sink", 1);
        connect(s1, merge, Partitioning.FORWARD);
        connect(s2, merge, Partitioning.FORWARD);
        connect(s3, merge, Partitioning.REBALANCE);
        connect(merge, keyed, Partitioning.HASH);
        connect(keyed, keyedSink, Partitioning.FORWARD);
        connect(merge, single, Partitioning.FORWARD);

        // When
        JobGraph graph = build(2);

        // Then
        Set<String> written = new HashSet<>();
        for (JobEdge edge : graph.edges()) {
            int senders = graph.vertex(edge.sourceVertex()).parallelism();
            for (int sender = 0; sender < senders; sender++) {
                int channel = ChannelLayout.channelAtTarget(graph, edge, sender);
                for (int target : ChannelLayout.targetSubtasks(graph, edge, sender)) {
                    ChannelLayout.InputChannel input = ChannelLayout.inputChannels(graph, edge.targetVertex(), target)
                            .get(channel);
                    String where = "edge " + edge.id() + " sender " + sender + " target " + target;
                    assertEquals(channel, input.index(), where);
                    assertEquals(edge.id(), input.edgeId(), where);
                    assertEquals(edge.sourceVertex(), input.upstreamVertex(), where);
                    assertEquals(sender, input.upstreamSubtask(), where);
                    assertTrue(written.add(edge.targetVertex() + "/" + target + "/" + channel),
                            "two senders write to " + where + " channel " + channel);
                }
            }
        }
        Set<String> allInputs = new HashSet<>();
        for (JobVertex vertex : graph.vertices()) {
            for (int subtask = 0; subtask < vertex.parallelism(); subtask++) {
                for (ChannelLayout.InputChannel input : ChannelLayout.inputChannels(graph, vertex.id(), subtask)) {
                    allInputs.add(vertex.id() + "/" + subtask + "/" + input.index());
                }
            }
        }
        assertEquals(allInputs, written, "every input channel has exactly one sender");
        assertEquals(List.of(Partitioning.REBALANCE, Partitioning.FORWARD, Partitioning.REBALANCE,
                Partitioning.HASH, Partitioning.REBALANCE), graph.edges().stream().map(JobEdge::partitioning).toList());
    }

    // ---- validation ----

    @Test
    void when_the_job_has_no_sink_then_it_is_rejected_saying_how_to_end_it() {
        // Given
        StreamNode source = source("numbers", 1);
        connect(source, map("Map", 1), Partitioning.FORWARD);

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> build(1));

        // Then
        assertMentions(e, "no sink", "addSink");
    }

    @Test
    void when_the_job_is_empty_then_it_is_rejected() {
        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> build(1));

        // Then
        assertMentions(e, "no operators");
    }

    @Test
    void when_an_operator_has_parallelism_beyond_the_max_then_it_is_rejected_naming_the_operator() {
        // Given
        StreamNode source = source("numbers", 1);
        StreamNode sink = sink("Wide sink", 200);
        connect(source, sink, Partitioning.REBALANCE);

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> build(1));

        // Then
        assertMentions(e, "'Wide sink'", "parallelism 200", "setMaxParallelism");
    }

    @Test
    void when_the_max_parallelism_is_out_of_range_then_it_is_rejected() {
        // Given
        StreamNode source = source("numbers", 1);
        connect(source, sink("Sink", 1), Partitioning.FORWARD);

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class,
                () -> JobGraphBuilder.build("test", nodes, 1, 0, SETTINGS));

        // Then
        assertMentions(e, "max parallelism is 0");
    }

    @Test
    void when_an_operator_has_keyed_and_unkeyed_inputs_then_it_is_rejected() {
        // Given
        StreamNode first = source("first", 1);
        StreamNode second = source("second", 1);
        StreamNode sink = sink("Mixed", 1);
        connect(first, sink, Partitioning.HASH);
        connect(second, sink, Partitioning.REBALANCE);

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> build(1));

        // Then
        assertMentions(e, "'Mixed'", "keyed and non-keyed");
    }

    @Test
    void when_a_keyed_operator_is_chained_behind_a_forward_edge_then_it_is_rejected_saying_to_key_by() {
        // Given
        StreamNode source = source("numbers", 1);
        StreamNode reduce = operator("Reduce", new KeyedReduceOperator<Long>(Long::sum, Types.LONG), 1, false);
        connect(source, reduce, Partitioning.FORWARD);
        connect(reduce, sink("Sink", 1), Partitioning.FORWARD);

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> build(1));

        // Then
        assertMentions(e, "'Reduce'", "keyBy");
    }

    @Test
    void when_a_keyed_operator_heads_a_vertex_with_an_unkeyed_input_then_it_is_rejected_saying_to_key_by() {
        // Given
        StreamNode source = source("numbers", 1);
        StreamNode process = operator("Process", new KeyedProcessOperator<>(new Passthrough()), 1, false);
        connect(source, process, Partitioning.REBALANCE);
        connect(process, sink("Sink", 1), Partitioning.FORWARD);

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> build(1));

        // Then
        assertMentions(e, "'Process'", "keyBy");
    }

    @Test
    void when_a_collection_source_is_given_parallelism_2_then_it_is_rejected() {
        // Given
        StreamNode source = StreamNode.source(0, "Source: elements", new CollectionSource<>(List.of(1L, 2L), LongSerializer.INSTANCE));
        source.markNonParallel();
        add(source, 2);
        connect(source, sink("Sink", 2), Partitioning.FORWARD);

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> build(2));

        // Then
        assertMentions(e, "'Source: elements'", "parallelism 1");
    }

    @Test
    void when_a_function_captures_something_not_serializable_then_building_fails_naming_the_operator() {
        // Given
        Object notSerializable = new Object();
        StreamNode source = source("numbers", 1);
        StreamNode map = operator("Capturing", new MapOperator<Long, Object>(v -> notSerializable), 1, false);
        connect(source, map, Partitioning.FORWARD);
        connect(map, sink("Sink", 1), Partitioning.FORWARD);

        // When
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(1));

        // Then
        assertMentions(e, "'Capturing'", "not serializable", "java.lang.Object");
    }
}
