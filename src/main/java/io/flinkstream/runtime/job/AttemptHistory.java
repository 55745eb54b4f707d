package io.flinkstream.runtime.job;

import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.IntactCheckpointSearch;
import io.flinkstream.checkpoint.RestartBackoff;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The job master's record of a job's attempts: which attempt runs now (also the number of restarts so far), the
 * completed checkpoint an attempt restores from, the highest checkpoint id used so far (a later attempt's ids continue
 * after it), and the {@link RestartBackoff}, kept over all attempts, that decides failure by failure whether the job
 * restarts and after how long. Pure: no actor, no I/O; the caller passes the time of each failure.
 */
final class AttemptHistory {
    private final RestartBackoff backoff;
    private int attempt;
    private CheckpointMetadata restorePoint;
    private long highestCheckpointId;
    /** The retained checkpoint of an earlier run the job started from, or null. */
    private CheckpointMetadata startPoint;
    private final Set<Long> damaged = new HashSet<>();
    private boolean completedCheckpoint;

    AttemptHistory(RestartBackoff backoff) {
        this.backoff = backoff;
    }

    /** The running attempt, counting from 0: also how many times the job restarted. */
    int current() {
        return attempt;
    }

    /** Whether a message sent for attempt {@code messageAttempt} is about the running attempt (else it is stale). */
    boolean isCurrent(int messageAttempt) {
        return messageAttempt == attempt;
    }

    /** The checkpoint the running attempt restores from, or null when it starts without state. */
    CheckpointMetadata restorePoint() {
        return restorePoint;
    }

    /** The id of {@link #restorePoint()}, or -1 when there is none. */
    long restoreCheckpointId() {
        return restorePoint == null ? -1 : restorePoint.checkpointId();
    }

    /** The highest checkpoint id used so far, or that of the checkpoint the job started from. */
    long highestCheckpointId() {
        return highestCheckpointId;
    }

    /** The job starts from {@code retained}, a checkpoint of an earlier run: its checkpoint ids continue after it. */
    void startFrom(CheckpointMetadata retained) {
        restorePoint = retained;
        startPoint = retained;
        highestCheckpointId = retained.checkpointId();
    }

    /**
     * The job resumes after its master was lost: attempt {@code attempt} runs next, checkpoint ids continue after
     * {@code usedCheckpointId}, and if {@code completedBefore} a checkpoint had completed, so the job must restore
     * one rather than start without state.
     */
    void resume(int attempt, long usedCheckpointId, boolean completedBefore) {
        this.attempt = attempt;
        highestCheckpointId = Math.max(highestCheckpointId, usedCheckpointId);
        completedCheckpoint |= completedBefore;
    }

    /** The running attempt used checkpoint id {@code checkpointId}. */
    void checkpointTriggered(long checkpointId) {
        highestCheckpointId = Math.max(highestCheckpointId, checkpointId);
    }

    /** The running attempt failed at {@code now}: whether the job restarts, and after how long. */
    RestartBackoff.Decision failed(Instant now) {
        return backoff.onFailure(now);
    }

    /**
     * The next attempt restores from what a search of the job's checkpoints found: its newest intact checkpoint. The
     * damaged ones found are remembered ({@link #damagedCheckpoints()}) so no later restart tries them again. When
     * none is found and the job never completed a checkpoint, it restores from the same checkpoint as the attempt
     * before, if any; when none is found although checkpoints were completed (all damaged, or their metadata gone),
     * from the retained checkpoint of an earlier run the job started from, if any.
     *
     * @return false when checkpoints were completed but none is left to restore from: the job must fail, as starting
     *     without state would repeat output already committed
     */
    boolean restoreFromNewestIntact(IntactCheckpointSearch.Result found) {
        found.damaged().forEach(d -> damaged.add(d.checkpointId()));
        if (found.chosen() != null) {
            restorePoint = found.chosen();
            return true;
        }
        if (damaged.isEmpty() && !completedCheckpoint) {
            return true;
        }
        restorePoint = startPoint;
        return restorePoint != null;
    }

    /** A checkpoint of the job completed: from now on a restart needs a checkpoint to restore from. */
    void checkpointCompleted() {
        completedCheckpoint = true;
    }

    /**
     * The next attempt restores from {@code latest}, the job's newest intact checkpoint, nothing damaged found; when
     * it has none (null) it restores from the same checkpoint as the attempt before, if any.
     */
    void restoreFrom(CheckpointMetadata latest) {
        restoreFromNewestIntact(new IntactCheckpointSearch.Result(latest, java.util.List.of()));
    }

    /** The checkpoints found damaged so far, not to be tried again. */
    Set<Long> damagedCheckpoints() {
        return Set.copyOf(damaged);
    }

    /** The next attempt begins. */
    void next() {
        attempt++;
    }
}
