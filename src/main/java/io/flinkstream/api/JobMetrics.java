package io.flinkstream.api;

import java.util.List;

/**
 * Counters of a job, per vertex, as last reported by its subtasks.
 *
 * @param vertices one entry per vertex, in topological order
 */
public record JobMetrics(List<VertexMetrics> vertices) {
    public JobMetrics {
        vertices = List.copyOf(vertices);
    }

    /** Records emitted by all sources so far. */
    public long sourceRecords() {
        return vertices.stream().mapToLong(VertexMetrics::sourceRecords).sum();
    }
}
