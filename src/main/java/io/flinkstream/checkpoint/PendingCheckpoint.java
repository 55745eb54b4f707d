package io.flinkstream.checkpoint;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A checkpoint that was triggered and has not completed or failed yet: which tasks still have to acknowledge it,
 * and the state handles of those that did. Owned and changed only by its {@link CheckpointPlanner}; callers read it.
 */
public final class PendingCheckpoint {
    private final long checkpointId;
    private final Instant triggeredAt;
    private final Instant deadline;
    private final Set<String> waitingFor;
    private final Map<String, List<StateHandle>> acknowledged = new TreeMap<>();
    private boolean finalizing;

    PendingCheckpoint(long checkpointId, Instant triggeredAt, Instant deadline, Collection<String> tasks) {
        this.checkpointId = checkpointId;
        this.triggeredAt = triggeredAt;
        this.deadline = deadline;
        this.waitingFor = new LinkedHashSet<>(tasks);
    }

    /** The checkpoint's id. */
    public long checkpointId() {
        return checkpointId;
    }

    /** When it was triggered. */
    public Instant triggeredAt() {
        return triggeredAt;
    }

    /** When it expires unless it completed before. */
    public Instant deadline() {
        return deadline;
    }

    /** The task keys that have not acknowledged yet. */
    public Set<String> waitingFor() {
        return Collections.unmodifiableSet(waitingFor);
    }

    /** The task keys that acknowledged, with their state handles. */
    public Map<String, List<StateHandle>> acknowledged() {
        return Collections.unmodifiableMap(acknowledged);
    }

    /** Whether every task acknowledged and the metadata is being written. */
    public boolean isFinalizing() {
        return finalizing;
    }

    /** Records an acknowledgement; returns false if the task is not expected (unknown, or acknowledged already). */
    boolean acknowledge(String taskKey, List<StateHandle> handles) {
        if (!waitingFor.remove(taskKey)) {
            return false;
        }
        acknowledged.put(taskKey, List.copyOf(handles));
        if (waitingFor.isEmpty()) {
            finalizing = true;
        }
        return true;
    }

    /** The metadata to write once every task acknowledged. */
    CheckpointMetadata toMetadata(String jobId) {
        return new CheckpointMetadata(jobId, checkpointId, triggeredAt.toEpochMilli(), acknowledged);
    }

    @Override
    public String toString() {
        return "PendingCheckpoint{" + checkpointId + ", waitingFor=" + waitingFor + "}";
    }
}
