package io.flinkstream.api;

import java.util.List;

/**
 * Counters of a job, per vertex, as last reported by its subtasks, with its checkpoints and restarts.
 *
 * @param vertices one entry per vertex, in topological order (counters of the current attempt)
 * @param checkpoints statistics of the newest ended checkpoints, oldest first: at most
 *     {@link CheckpointConfig#getCheckpointStatsHistorySize()} of them
 * @param restarts how many times the job restarted after a failure
 * @param checkpointCounts how many checkpoints completed, failed, are in progress, and restores, over the whole run
 */
public record JobMetrics(List<VertexMetrics> vertices, List<CheckpointStats> checkpoints, int restarts,
                         CheckpointCounts checkpointCounts) {
    public JobMetrics {
        vertices = List.copyOf(vertices);
        checkpoints = List.copyOf(checkpoints);
        java.util.Objects.requireNonNull(checkpointCounts, "checkpointCounts");
    }

    /** Counters whose checkpoint counts are those of {@code checkpoints}, with no restore. */
    public JobMetrics(List<VertexMetrics> vertices, List<CheckpointStats> checkpoints, int restarts) {
        this(vertices, checkpoints, restarts, new CheckpointCounts(
                checkpoints.stream().filter(c -> c.status() == CheckpointStats.Status.COMPLETED).count(),
                checkpoints.stream().filter(c -> c.status() == CheckpointStats.Status.FAILED).count(),
                checkpoints.stream().filter(c -> c.status() == CheckpointStats.Status.PENDING).count(), 0));
    }

    /** Records emitted by all sources so far (in the current attempt). */
    public long sourceRecords() {
        return vertices.stream().mapToLong(VertexMetrics::sourceRecords).sum();
    }

    /** Number of completed checkpoints over the whole run. */
    public long completedCheckpoints() {
        return checkpointCounts.completed();
    }
}
