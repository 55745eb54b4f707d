package io.flinkstream.runtime.graph;

import java.util.List;
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

    /** Total number of subtasks. */
    public int subtaskCount() {
        return vertices.stream().mapToInt(JobVertex::parallelism).sum();
    }
}
