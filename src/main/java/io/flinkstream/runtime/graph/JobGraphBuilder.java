package io.flinkstream.runtime.graph;

import io.flinkstream.api.InvalidJobException;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.source.Source;
import io.flinkstream.runtime.operators.StreamOperator;

import java.io.Serializable;
import io.flinkstream.api.typeinfo.GenericTypeInfo;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeutils.TypeSerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.flinkstream.checkpoint.OperatorId;

/**
 * Turns the logical graph the DSL built into a validated {@link JobGraph}: checks the job, resolves parallelism,
 * chains forward-connected operators of equal parallelism into one vertex, and freezes user code.
 *
 * <p>A node joins its input's chain when it has exactly one input, that input is FORWARD, and both have the same
 * parallelism. A FORWARD edge between different parallelisms becomes REBALANCE, as in Flink.
 */
public final class JobGraphBuilder {
    private final List<StreamNode> nodes;
    private final int defaultParallelism;
    private final int maxParallelism;
    private SerializerConfig serializerConfig = new SerializerConfig();
    private Map<Integer, OperatorId> operatorIds = Map.of();

    private JobGraphBuilder(List<StreamNode> nodes, int defaultParallelism, int maxParallelism) {
        this.nodes = nodes;
        this.defaultParallelism = defaultParallelism;
        this.maxParallelism = maxParallelism;
    }

    /**
     * Validates and builds the job graph.
     *
     * @throws InvalidJobException saying what is wrong and what to change
     */
    public static JobGraph build(String jobName, List<StreamNode> nodes, int defaultParallelism, int maxParallelism,
                                 RuntimeSettings settings) {
        return build(jobName, nodes, defaultParallelism, maxParallelism, settings, CheckpointSettings.DISABLED);
    }

    /** Same, for a job with checkpointing settings. */
    public static JobGraph build(String jobName, List<StreamNode> nodes, int defaultParallelism, int maxParallelism,
                                 RuntimeSettings settings, CheckpointSettings checkpointing) {
        return new JobGraphBuilder(List.copyOf(nodes), defaultParallelism, maxParallelism)
                .build(jobName, settings, checkpointing);
    }

    private JobGraph build(String jobName, RuntimeSettings settings, CheckpointSettings checkpointing) {
        serializerConfig = settings.serializerConfig();
        validate();
        Map<Integer, StreamNode> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));

        // Assign every node to the vertex of its chain head.
        Map<Integer, Integer> vertexOf = new HashMap<>();
        List<List<StreamNode>> vertexNodes = new ArrayList<>();
        for (StreamNode node : nodes) {
            if (isChainedToInput(node, byId)) {
                int vertex = vertexOf.get(node.inputs().get(0).sourceId());
                vertexOf.put(node.id(), vertex);
                vertexNodes.get(vertex).add(node);
            } else {
                vertexOf.put(node.id(), vertexNodes.size());
                List<StreamNode> members = new ArrayList<>();
                members.add(node);
                vertexNodes.add(members);
            }
        }

        Set<Integer> chainedNodes = new HashSet<>();
        nodes.stream().filter(n -> isChainedToInput(n, byId)).forEach(n -> chainedNodes.add(n.id()));
        operatorIds = OperatorIdHasher.assign(nodes, chainedNodes);

        // Network edges, and each node's outputs (chained or network).
        List<JobEdge> edges = new ArrayList<>();
        Map<Integer, List<Integer>> chainedOut = new HashMap<>();
        Map<Integer, List<Integer>> networkOut = new HashMap<>();
        nodes.forEach(n -> {
            chainedOut.put(n.id(), new ArrayList<>());
            networkOut.put(n.id(), new ArrayList<>());
        });
        Map<Integer, List<Integer>> vertexInputs = new HashMap<>();
        for (StreamNode node : nodes) {
            for (StreamEdge input : node.inputs()) {
                if (isChainedToInput(node, byId)) {
                    chainedOut.get(input.sourceId()).add(node.id());
                    continue;
                }
                StreamNode upstream = byId.get(input.sourceId());
                Partitioning partitioning = input.partitioning();
                if (partitioning == Partitioning.FORWARD && parallelismOf(upstream) != parallelismOf(node)) {
                    partitioning = Partitioning.REBALANCE;
                }
                JobEdge edge = new JobEdge(edges.size(), vertexOf.get(upstream.id()), vertexOf.get(node.id()),
                        partitioning, freezeKeySelector(input, node), outputSerializer(upstream),
                        partitioning == Partitioning.HASH ? keySerializer(input, node) : null);
                edges.add(edge);
                networkOut.get(upstream.id()).add(edge.id());
                vertexInputs.computeIfAbsent(edge.targetVertex(), v -> new ArrayList<>()).add(edge.id());
            }
        }

        List<JobVertex> vertices = new ArrayList<>();
        for (int v = 0; v < vertexNodes.size(); v++) {
            vertices.add(toVertex(v, vertexNodes.get(v), chainedOut, networkOut,
                    vertexInputs.getOrDefault(v, List.of()), edges));
        }
        return new JobGraph(JobGraph.newJobId(), jobName, maxParallelism, vertices, edges, settings, checkpointing);
    }

    private JobVertex toVertex(int id, List<StreamNode> members, Map<Integer, List<Integer>> chainedOut,
                               Map<Integer, List<Integer>> networkOut, List<Integer> inputEdges,
                               List<JobEdge> edges) {
        StreamNode head = members.get(0);
        List<StreamNode> operators = head.isSource() ? members.subList(1, members.size()) : members;
        Map<Integer, Integer> memberIndex = new HashMap<>();
        for (int i = 0; i < operators.size(); i++) {
            memberIndex.put(operators.get(i).id(), i);
        }
        List<ChainMember> chain = new ArrayList<>();
        for (StreamNode node : operators) {
            SerializedValue<StreamOperator<Object, Object>> frozen = freeze(node.operator(),
                    "The function of operator " + node);
            chain.add(new ChainMember(node.id(), node.name(), node.uid(), operatorIds.get(node.id()), frozen,
                    chainedOut.get(node.id()).stream().map(memberIndex::get).toList(), networkOut.get(node.id()),
                    node.isSink() ? null : outputSerializer(node)));
        }
        boolean keyed = !inputEdges.isEmpty()
                && inputEdges.stream().allMatch(e -> edges.get(e).partitioning() == Partitioning.HASH);
        if (!head.isSource() && head.operator().requiresKeyedInput() && !keyed) {
            throw new InvalidJobException("Operator " + head + " needs a keyed stream but its input is not keyed: "
                    + "call keyBy(...) right before it");
        }
        for (StreamNode node : operators.subList(head.isSource() ? 0 : 1, operators.size())) {
            if (node.operator().requiresKeyedInput()) {
                throw new InvalidJobException("Operator " + node + " needs a keyed stream but is applied to a "
                        + "non-keyed stream: call keyBy(...) right before it");
            }
        }
        String name = String.join(" -> ", members.stream().map(StreamNode::name).toList());
        SerializedValue<Source<Object, Serializable>> source = head.isSource()
                ? freeze(head.source(), "The source " + head) : null;
        return new JobVertex(id, name, parallelismOf(head), source, head.isSource() ? head.name() : null,
                head.isSource() ? operatorIds.get(head.id()) : null,
                head.isSource() ? chainedOut.get(head.id()).stream().map(memberIndex::get).toList() : List.of(),
                head.isSource() ? networkOut.get(head.id()) : List.of(), chain, inputEdges, keyed,
                head.isSource() ? outputSerializer(head) : null,
                keyed ? edges.get(inputEdges.get(0)).keySerializer() : null,
                head.isSource() ? head.uid() : null);
    }

    /**
     * The serializer of the records {@code node} emits, from the type its function declared or {@code returns}
     * gave; the generic one when erasure hid the type.
     *
     * @throws InvalidJobException when the job forbids generic types and the node's type is one
     */
    @SuppressWarnings("unchecked")
    private TypeSerializer<Object> outputSerializer(StreamNode node) {
        TypeInformation<Object> type = (TypeInformation<Object>) (node.outputType() != null ? node.outputType()
                : new GenericTypeInfo<>(Object.class));
        try {
            return type.createSerializer(serializerConfig);
        } catch (UnsupportedOperationException e) {
            throw new InvalidJobException("The records of operator " + node + " have the type " + type + ": "
                    + e.getMessage());
        }
    }

    /** The serializer of the keys of a keyed edge into {@code target}. */
    @SuppressWarnings("unchecked")
    private TypeSerializer<Object> keySerializer(StreamEdge edge, StreamNode target) {
        TypeInformation<Object> type = (TypeInformation<Object>) (edge.keyType() != null ? edge.keyType()
                : new GenericTypeInfo<>(Object.class));
        try {
            return type.createSerializer(serializerConfig);
        } catch (UnsupportedOperationException e) {
            throw new InvalidJobException("The keys of keyBy(...) before operator " + target + " have the type "
                    + type + ": " + e.getMessage());
        }
    }

    private boolean isChainedToInput(StreamNode node, Map<Integer, StreamNode> byId) {
        if (node.isSource() || node.inputs().size() != 1) {
            return false;
        }
        StreamEdge input = node.inputs().get(0);
        return input.partitioning() == Partitioning.FORWARD
                && parallelismOf(byId.get(input.sourceId())) == parallelismOf(node);
    }

    private int parallelismOf(StreamNode node) {
        return node.isParallelismSet() ? node.parallelism() : defaultParallelism;
    }

    private void validate() {
        if (nodes.isEmpty()) {
            throw new InvalidJobException("The job has no operators: start it with a source such as "
                    + "env.fromSequence(...), env.fromElements(...) or env.fromSource(...), and end it with a sink");
        }
        if (maxParallelism < 1 || maxParallelism > 32768) {
            throw new InvalidJobException("The max parallelism is " + maxParallelism
                    + "; set env.setMaxParallelism(...) between 1 and 32768");
        }
        for (StreamNode node : nodes) {
            if (node.invalidReason() != null) {
                throw new InvalidJobException(node.invalidReason());
            }
            int p = parallelismOf(node);
            if (p < 1 || p > maxParallelism) {
                throw new InvalidJobException("Operator " + node + " has parallelism " + p + "; set a parallelism "
                        + "between 1 and the max parallelism " + maxParallelism
                        + " (env.setMaxParallelism(...) raises the max)");
            }
            if (node.isNonParallel() && p != 1) {
                throw new InvalidJobException("Source " + node + " reads one in-memory collection and must have "
                        + "parallelism 1, not " + p + ": remove setParallelism(" + p + ") from it, or use "
                        + "fromSequence(...) or fromSource(...) for a parallel source");
            }
            boolean hashed = node.inputs().stream().anyMatch(e -> e.partitioning() == Partitioning.HASH);
            boolean unhashed = node.inputs().stream().anyMatch(e -> e.partitioning() != Partitioning.HASH);
            if (hashed && unhashed) {
                throw new InvalidJobException("Operator " + node + " has keyed and non-keyed inputs at once: key "
                        + "every input with the same keyBy(...) or none");
            }
        }
        if (nodes.stream().noneMatch(StreamNode::isSink)) {
            throw new InvalidJobException("The job has no sink, so it would compute nothing visible: end each "
                    + "stream with addSink(...), sinkTo(...) or print()");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> SerializedValue<T> freeze(Object value, String description) {
        return (SerializedValue<T>) SerializedValue.of((Serializable) value, description);
    }

    private static SerializedValue<KeySelector<Object, Object>> freezeKeySelector(StreamEdge edge, StreamNode target) {
        if (edge.partitioning() != Partitioning.HASH) {
            return null;
        }
        return freeze(edge.keySelector(), "The key selector of keyBy(...) before operator " + target);
    }
}
