package io.flinkstream.runtime.job;

import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.SubtaskCheckpointStats;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The statistics of the checkpoints of one attempt that are still in flight, for its coordinator: each is created
 * at its trigger, filled in by acknowledgements, and handed over (and forgotten) when it completes or is aborted. So
 * it holds at most the pending checkpoints, however many the job takes; the history lives in {@link JobReport}. No
 * actor, no I/O.
 */
final class PendingCheckpointStats {
    private final Map<Long, CheckpointStats> inFlight = new HashMap<>();

    /** Checkpoint {@code id} was triggered at {@code at}. */
    void triggered(long id, Instant at) {
        inFlight.put(id, new CheckpointStats(id, CheckpointStats.Status.PENDING, at, null, 0, Map.of(), null));
    }

    /** Task {@code task} acknowledged checkpoint {@code id}; ignored if the checkpoint is no longer in flight. */
    void acknowledged(long id, String task, SubtaskCheckpointStats subtask) {
        inFlight.computeIfPresent(id, (k, s) -> {
            Map<String, SubtaskCheckpointStats> subtasks = new HashMap<>(s.subtasks());
            subtasks.put(task, subtask);
            return new CheckpointStats(id, s.status(), s.triggerTime(), s.endToEnd(), s.stateBytes(), subtasks,
                    s.failure());
        });
    }

    /** Checkpoint {@code id} completed at {@code at} with {@code bytes} of state: its final statistics. */
    Optional<CheckpointStats> completed(long id, Instant at, long bytes) {
        return Optional.ofNullable(inFlight.remove(id)).map(s -> new CheckpointStats(id,
                CheckpointStats.Status.COMPLETED, s.triggerTime(), Duration.between(s.triggerTime(), at), bytes,
                s.subtasks(), null));
    }

    /** Checkpoint {@code id} was aborted at {@code at}: its final statistics, if it was in flight. */
    Optional<CheckpointStats> failed(long id, Instant at, String reason) {
        return Optional.ofNullable(inFlight.remove(id)).map(s -> new CheckpointStats(id,
                CheckpointStats.Status.FAILED, s.triggerTime(), Duration.between(s.triggerTime(), at),
                s.stateBytes(), s.subtasks(), reason));
    }

    /** How many checkpoints are in flight. */
    int size() {
        return inFlight.size();
    }
}
