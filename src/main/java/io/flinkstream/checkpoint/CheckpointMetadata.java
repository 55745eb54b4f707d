package io.flinkstream.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a completed checkpoint consists of: for every task (by task key) the handles of the state it wrote. The store
 * writes it last, atomically ({@link SnapshotStore#writeMetadata(CheckpointMetadata)}); a checkpoint exists exactly
 * when its metadata does. Serialized by {@link CheckpointMetadataFormat}.
 *
 * @param jobId the job the checkpoint belongs to
 * @param checkpointId the checkpoint's id, increasing over the life of the job
 * @param timestamp when the checkpoint was triggered, in epoch milliseconds
 * @param operators every operator and source of the job, with its parallelism and max parallelism (version 2);
 *     empty for a checkpoint of metadata version 1
 * @param taskStates for every task key the handles of its state, possibly none (a stateless task); sorted by key.
 *     Each handle says its kind and operator (version 2), so a restore reads them by operator id, not by task key
 */
public record CheckpointMetadata(String jobId, long checkpointId, long timestamp, List<OperatorMetadata> operators,
                                 Map<String, List<StateHandle>> taskStates) {

    /** Metadata without its operators, as the planner assembles it; see {@link #withOperators(List)}. */
    public CheckpointMetadata(String jobId, long checkpointId, long timestamp,
                              Map<String, List<StateHandle>> taskStates) {
        this(jobId, checkpointId, timestamp, List.of(), taskStates);
    }

    /** Copies {@code taskStates} into an unmodifiable map sorted by task key. */
    public CheckpointMetadata {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("Checkpoint metadata needs a job id");
        }
        if (checkpointId < 0) {
            throw new IllegalArgumentException("A checkpoint id cannot be negative: " + checkpointId);
        }
        operators = operators == null ? List.of() : List.copyOf(operators);
        TreeMap<String, List<StateHandle>> copy = new TreeMap<>();
        taskStates.forEach((task, handles) -> copy.put(task, List.copyOf(handles)));
        taskStates = Collections.unmodifiableMap(copy);
    }

    /** This metadata with the job's operators recorded. */
    public CheckpointMetadata withOperators(List<OperatorMetadata> jobOperators) {
        return new CheckpointMetadata(jobId, checkpointId, timestamp, jobOperators, taskStates);
    }

    /**
     * Whether the checkpoint was written before operator ids (metadata version 1): its handles name no operator, so
     * it can only be restored by position, into the same job at the same parallelism.
     */
    public boolean hasUntaggedHandles() {
        return taskStates.values().stream().flatMap(List::stream).anyMatch(h -> h.operatorId() == null);
    }

    /** Every handle of every task, in task key order. */
    public List<StateHandle> allHandles() {
        List<StateHandle> all = new ArrayList<>();
        taskStates.values().forEach(all::addAll);
        return all;
    }

    /** The total size in bytes of the state the checkpoint refers to. */
    public long stateSize() {
        return taskStates.values().stream().flatMap(List::stream).mapToLong(StateHandle::size).sum();
    }
}
