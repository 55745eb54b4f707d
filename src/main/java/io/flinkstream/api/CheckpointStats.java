package io.flinkstream.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Statistics of one checkpoint.
 *
 * @param checkpointId the checkpoint's id
 * @param status pending, completed or failed
 * @param triggerTime when the coordinator triggered it
 * @param endToEnd from trigger to completion (or failure); null while pending
 * @param stateBytes bytes of state in the checkpoint
 * @param subtasks each acknowledging subtask's part, by task key {@code v<vertex>-s<subtask>}
 * @param failure why it failed, or null
 */
public record CheckpointStats(long checkpointId, Status status, Instant triggerTime, Duration endToEnd,
                              long stateBytes, Map<String, SubtaskCheckpointStats> subtasks, String failure) {

    /** Where a checkpoint stands. */
    public enum Status { PENDING, COMPLETED, FAILED }

    public CheckpointStats {
        subtasks = Map.copyOf(subtasks);
    }

    /** The longest synchronous pause of any subtask, in milliseconds. */
    public double maxSyncMillis() {
        return subtasks.values().stream().mapToLong(SubtaskCheckpointStats::syncNanos).max().orElse(0) / 1e6;
    }

    /** The longest asynchronous part of any subtask, in milliseconds. */
    public double maxAsyncMillis() {
        return subtasks.values().stream().mapToLong(SubtaskCheckpointStats::asyncNanos).max().orElse(0) / 1e6;
    }

    /** The longest alignment of any subtask, in milliseconds. */
    public double maxAlignmentMillis() {
        return subtasks.values().stream().mapToLong(SubtaskCheckpointStats::alignmentNanos).max().orElse(0) / 1e6;
    }

    /** One line for logs. */
    public String summary() {
        return String.format("%s in %s ms, %,d bytes from %d subtasks (sync max %.2f ms, async max %.1f ms, "
                        + "alignment max %.1f ms)", status, endToEnd == null ? "-" : endToEnd.toMillis(), stateBytes,
                subtasks.size(), maxSyncMillis(), maxAsyncMillis(), maxAlignmentMillis());
    }
}
