package io.flinkstream.runtime.graph;

import io.flinkstream.checkpoint.JobShape;
import io.flinkstream.checkpoint.OperatorId;
import io.flinkstream.checkpoint.OperatorMetadata;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The physical plan of a job: vertices (operator chains) and the network edges between them. Immutable, validated
 * by {@link JobGraphBuilder}; user code inside is frozen so each subtask deserializes its own copy.
 *
 * @param jobId unique id of this job
 * @param jobName the name given to {@code execute}
 * @param maxParallelism number of key groups
 * @param vertices vertices in topological order
 * @param edges network edges
 * @param settings runtime settings the job was built with
 * @param checkpointing checkpoint, state backend and restart settings
 */
public record JobGraph(String jobId, String jobName, int maxParallelism, List<JobVertex> vertices,
                       List<JobEdge> edges, RuntimeSettings settings, CheckpointSettings checkpointing) {
    public JobGraph {
        vertices = List.copyOf(vertices);
        edges = List.copyOf(edges);
    }

    /** A new random job id. */
    public static String newJobId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The same graph under another job id: a graph rebuilt on a node for a job submitted to the cluster. */
    public JobGraph withJobId(String id) {
        return new JobGraph(id, jobName, maxParallelism, vertices, edges, settings, checkpointing);
    }

    public JobVertex vertex(int id) {
        return vertices.get(id);
    }

    public JobEdge edge(int id) {
        return edges.get(id);
    }

    /**
     * The operator whose records cross {@code edge}: the chain member (or the source) of the upstream vertex that
     * feeds it.
     */
    public String producerOf(JobEdge edge) {
        JobVertex upstream = vertex(edge.sourceVertex());
        if (upstream.isSource() && upstream.sourceNetworkOutputs().contains(edge.id())) {
            return upstream.sourceName();
        }
        return upstream.chain().stream().filter(m -> m.networkOutputs().contains(edge.id())).map(ChainMember::name)
                .findFirst().orElse(upstream.name());
    }

    /** What crosses {@code edge}, for errors: "the records of operator 'Map' to 'Sink'". */
    public String describeRecordsOf(JobEdge edge) {
        JobVertex downstream = vertex(edge.targetVertex());
        String consumer = downstream.chain().isEmpty() ? downstream.name() : downstream.chain().get(0).name();
        return "the records of operator '" + producerOf(edge) + "' to '" + consumer + "'";
    }

    /** The key naming one subtask's state in checkpoints: {@code v<vertex>-s<subtask>}. */
    public static String taskKey(int vertex, int subtask) {
        return "v" + vertex + "-s" + subtask;
    }

    /** Every source and operator, as checkpoint metadata records them: id, name, parallelism, max parallelism. */
    public List<OperatorMetadata> operatorMetadata() {
        List<OperatorMetadata> operators = new ArrayList<>();
        for (JobVertex v : vertices) {
            if (v.isSource()) {
                operators.add(new OperatorMetadata(v.sourceOperatorId(), v.sourceName(), v.parallelism(),
                        maxParallelism));
            }
            v.chain().forEach(m -> operators.add(new OperatorMetadata(m.operatorId(), m.name(), v.parallelism(),
                    maxParallelism)));
        }
        return operators;
    }

    /** What a restore checks a checkpoint against: the operators, which are keyed, which are sources. */
    public JobShape shape() {
        Set<OperatorId> keyed = new HashSet<>();
        Set<OperatorId> sources = new HashSet<>();
        Set<OperatorId> derived = new HashSet<>();
        for (JobVertex v : vertices) {
            if (v.keyedOperator() != null) {
                keyed.add(v.keyedOperator().operatorId());
            }
            if (v.isSource()) {
                sources.add(v.sourceOperatorId());
                if (v.sourceUid() == null) {
                    derived.add(v.sourceOperatorId());
                }
            }
            v.chain().stream().filter(m -> m.uid() == null).forEach(m -> derived.add(m.operatorId()));
        }
        return new JobShape(operatorMetadata(), keyed, sources,
                vertices.stream().map(JobVertex::parallelism).toList(), derived);
    }

    /** Total number of subtasks. */
    public int subtaskCount() {
        return vertices.stream().mapToInt(JobVertex::parallelism).sum();
    }
}
