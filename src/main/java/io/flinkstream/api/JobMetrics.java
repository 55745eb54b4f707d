package io.flinkstream.api;

import java.util.List;

/**
 * Counters of a job, per vertex, as last reported by its subtasks, with its checkpoints and restarts.
 *
 * @param vertices one entry per vertex, in topological order (counters of the current attempt)
 * @param checkpoints statistics of every checkpoint triggered so far, oldest first
 * @param restarts how many times the job restarted after a failure
 */
public record JobMetrics(List<VertexMetrics> vertices, List<CheckpointStats> checkpoints, int restarts) {
    public JobMetrics {
        vertices = List.copyOf(vertices);
        checkpoints = List.copyOf(checkpoints);
    }

    /** Records emitted by all sources so far (in the current attempt). */
    public long sourceRecords() {
        return vertices.stream().mapToLong(VertexMetrics::sourceRecords).sum();
    }

    /** Number of completed checkpoints. */
    public long completedCheckpoints() {
        return checkpoints.stream().filter(c -> c.status() == CheckpointStats.Status.COMPLETED).count();
    }
}
