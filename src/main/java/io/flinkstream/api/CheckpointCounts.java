package io.flinkstream.api;

/**
 * How many checkpoints a job took over its whole run, across restarts, whatever the statistics history keeps.
 *
 * @param completed checkpoints that completed
 * @param failed checkpoints that ended without completing (declined, expired, failed, subsumed, aborted by a
 *     restart)
 * @param inProgress checkpoints triggered and not ended yet
 * @param restored how many times the job (an attempt, or a new job from a retained checkpoint) restored from a
 *     checkpoint
 */
public record CheckpointCounts(long completed, long failed, long inProgress, long restored) {
    /** No checkpoint yet. */
    public static final CheckpointCounts NONE = new CheckpointCounts(0, 0, 0, 0);
}
