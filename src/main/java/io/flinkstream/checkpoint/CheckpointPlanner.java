package io.flinkstream.checkpoint;

import io.flinkstream.api.CheckpointConfig;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checkpoint coordinator's decisions, without the actor: when to trigger, which checkpoint an acknowledgement
 * completes, which checkpoints expired or failed, when failures are too many, and which completed checkpoints to
 * delete. Pure: every method that depends on time takes {@code now} from the caller's clock.
 *
 * <p>A checkpoint's life: {@link #trigger(Instant)} makes it pending; {@link #acknowledge} records each task's
 * state; the last acknowledgement returns {@link AllAcknowledged} with the metadata the coordinator must now write
 * (on a blocking dispatcher); {@link #complete(long, Instant)} then makes it completed, or
 * {@link #fail(long, CheckpointFailureReason, String, Instant)} records that the write failed.
 *
 * <ul>
 *   <li><b>Triggering</b>: checkpointing on, fewer than max-concurrent checkpoints pending (and none at all when a
 *       min pause is set, as in Flink), the interval passed since the previous trigger (since the planner's start
 *       for the first one), and the min pause passed since the previous checkpoint ended (completed or failed).</li>
 *   <li><b>Ids</b> increase by one per trigger, continuing after the last id of a restored job.</li>
 *   <li><b>Completion</b> subsumes pending checkpoints older than the completed one (aborted, not counted as
 *       failures) and returns the completed checkpoints past the retained number, oldest first, to discard.</li>
 *   <li><b>Failures</b>: a checkpoint that expires, is declined, or fails to write counts as a failure unless it is
 *       older than the newest completed checkpoint; more than the tolerable number in a row fails the job. A
 *       completion resets the count.</li>
 *   <li><b>Late messages</b>: acknowledgements and declines for checkpoints that are no longer pending are ignored.
 *       A checkpoint whose metadata is being written does not expire; the write's outcome decides it.</li>
 *   <li><b>End of input</b>: once {@link #endOfInput(Instant)} says every source has read all its input, the final
 *       checkpoint — the one that makes the job's last records durable and lets two-phase-commit sinks commit them
 *       — is due at once, regardless of the interval and min pause (max concurrent still holds). If it fails, the
 *       next is due after the min pause. Once a checkpoint triggered after the end of input (told by id, not by
 *       time, so a clock step cannot confuse it) completed, nothing more is triggered.</li>
 * </ul>
 *
 * <p><b>Events and effects.</b> The coordinator feeds every event to one of the {@code on...} methods
 * ({@link #onTriggerDue}, {@link #onAcknowledge}, {@link #onDecline}, {@link #onMetadataWritten},
 * {@link #onExpiryDue}, {@link #onTaskFinished}, {@link #onEndOfInput}, {@link #onStaleAcknowledgement},
 * {@link #onDrain}) and carries out every {@link CheckpointEffect} it returns. Every checkpoint that ends without
 * being retained comes with a {@link CheckpointEffect.DiscardCheckpoint}: declined, expired, failed, subsumed,
 * aborted while its metadata was written (discarded once the write returned, so a discard never runs alongside
 * it), pending when the attempt drains, no longer retained; and one a late acknowledgement with state names
 * (aborted here, or taken by an older attempt) — never one that is pending or retained. Every checkpoint that ends
 * without completing comes with a {@link CheckpointEffect.NotifyAborted}.
 * Not thread-safe: it belongs to the coordinator actor.
 */
public final class CheckpointPlanner {
    private final String jobId;
    private final CheckpointConfig config;
    private final Set<String> tasks;
    private final Instant start;
    private final TreeMap<Long, PendingCheckpoint> pending = new TreeMap<>();
    private final ArrayDeque<CompletedCheckpoint> retained = new ArrayDeque<>();
    private long lastCheckpointId;
    private Instant lastTrigger;
    private Instant lastEnd;
    private int consecutiveFailures;
    /** When every source reached the end of its input; null while any still reads. */
    private Instant endOfInput;
    /** The first checkpoint triggered after the end of input; 0 before. */
    private long firstFinalId;
    private boolean finalCompleted;
    /** Tasks that finished: they acknowledge every later checkpoint with no state. */
    private final Set<String> finishedTasks = new LinkedHashSet<>();
    /** Checkpoints whose metadata is being written: discarded, if aborted meanwhile, only once the write returned. */
    private final Set<Long> writing = new HashSet<>();
    /** The attempt is stopping: nothing more is triggered. */
    private boolean draining;

    /** The outcome of an acknowledgement. */
    public sealed interface AckResult permits Acknowledged, AllAcknowledged, Ignored {
    }

    /**
     * Recorded; the checkpoint still waits for other tasks.
     *
     * @param checkpointId the checkpoint
     * @param remaining how many tasks have not acknowledged yet
     */
    public record Acknowledged(long checkpointId, int remaining) implements AckResult {
    }

    /**
     * Every task acknowledged: write {@code metadata} (last, atomically), then call {@link #complete} or, if the
     * write failed, {@link #fail} with {@link CheckpointFailureReason#WRITE_FAILED}.
     *
     * @param metadata the metadata to write
     */
    public record AllAcknowledged(CheckpointMetadata metadata) implements AckResult {
    }

    /**
     * Not recorded: the checkpoint is not pending (completed, failed, expired, unknown), the task is not part of
     * it, or it acknowledged already. If the acknowledgement carried state, the caller may discard it.
     *
     * @param checkpointId the checkpoint
     * @param reason why, for the log
     */
    public record Ignored(long checkpointId, String reason) implements AckResult {
    }

    /**
     * A checkpoint completed.
     *
     * @param completed the new completed checkpoint, now the newest retained one
     * @param discard completed checkpoints no longer retained, oldest first: delete them from the store
     * @param subsumed pending checkpoints older than the completed one, now aborted: tell the tasks, delete their
     *     files
     */
    public record Completion(CompletedCheckpoint completed, List<CompletedCheckpoint> discard, List<Long> subsumed) {
        /** Copies the lists. */
        public Completion {
            discard = List.copyOf(discard);
            subsumed = List.copyOf(subsumed);
        }
    }

    /**
     * Checkpoints that ended without completing.
     *
     * @param failedCheckpoints the checkpoints that ended, in increasing order (empty if nothing was pending)
     * @param consecutiveFailures the failures in a row counted so far (0 after {@code failJob})
     * @param failJob whether the failures in a row are now more than the tolerable number: fail the job over
     * @param message what happened, for the log or the job's failure cause
     */
    public record FailureOutcome(List<Long> failedCheckpoints, int consecutiveFailures, boolean failJob,
                                 String message) {
        /** Copies the list. */
        public FailureOutcome {
            failedCheckpoints = List.copyOf(failedCheckpoints);
        }
    }

    /** A planner for a new job: checkpoint ids start at 1, and the first trigger is due an interval after start. */
    public CheckpointPlanner(String jobId, CheckpointConfig config, Collection<String> taskKeys, Instant start) {
        this(jobId, config, taskKeys, start, 0, List.of());
    }

    /**
     * A planner for a job restored from a checkpoint.
     *
     * @param jobId the job's id, written into each checkpoint's metadata
     * @param config the checkpoint settings; copied
     * @param taskKeys the tasks that must acknowledge each checkpoint, at least one
     * @param start when the job (attempt) started: the first trigger is due one interval later
     * @param lastCheckpointId the highest checkpoint id used so far; new ids continue after it
     * @param restored the completed checkpoints still retained, in any order; the oldest are discarded first
     */
    public CheckpointPlanner(String jobId, CheckpointConfig config, Collection<String> taskKeys, Instant start,
                             long lastCheckpointId, List<CompletedCheckpoint> restored) {
        if (taskKeys.isEmpty()) {
            throw new IllegalArgumentException("A checkpoint needs at least one task to acknowledge it");
        }
        this.jobId = jobId;
        this.config = new CheckpointConfig(config);
        this.tasks = Set.copyOf(taskKeys);
        this.start = start;
        restored.stream().sorted(Comparator.comparingLong(CompletedCheckpoint::checkpointId)).forEach(retained::add);
        long newestRestored = retained.isEmpty() ? 0 : retained.getLast().checkpointId();
        this.lastCheckpointId = Math.max(lastCheckpointId, newestRestored);
    }

    /** When the next checkpoint may be triggered, or empty if checkpointing is off or too many are pending. */
    public Optional<Instant> nextTriggerTime() {
        if (!config.isCheckpointingEnabled() || finalCompleted || draining
                || pending.size() >= config.getMaxConcurrentCheckpoints()
                || (config.getMinPauseBetweenCheckpoints() > 0 && !pending.isEmpty())) {
            return Optional.empty();
        }
        if (endOfInput != null) {
            if (firstFinalId == 0) {
                return Optional.of(endOfInput);
            }
            if (!pending.isEmpty() && pending.lastKey() >= firstFinalId) {
                return Optional.empty(); // a final checkpoint is on its way
            }
            // The final checkpoint failed: retry after the min pause, not a whole interval, since the job's last
            // output waits for it.
            Instant afterPause = lastEnd.plusMillis(config.getMinPauseBetweenCheckpoints());
            return Optional.of(afterPause.isAfter(lastTrigger) ? afterPause : lastTrigger);
        }
        Instant due = (lastTrigger == null ? start : lastTrigger).plusMillis(config.getCheckpointInterval());
        if (lastEnd != null) {
            Instant afterPause = lastEnd.plusMillis(config.getMinPauseBetweenCheckpoints());
            due = afterPause.isAfter(due) ? afterPause : due;
        }
        return Optional.of(due);
    }

    /** Whether a checkpoint should be triggered at {@code now}. */
    public boolean shouldTrigger(Instant now) {
        return nextTriggerTime().map(due -> !now.isBefore(due)).orElse(false);
    }

    /**
     * Triggers the next checkpoint: send its barriers to the sources.
     *
     * @throws IllegalStateException if {@link #shouldTrigger(Instant)} is false
     */
    public PendingCheckpoint trigger(Instant now) {
        if (!shouldTrigger(now)) {
            throw new IllegalStateException("No checkpoint is due at " + now + " (next: "
                    + nextTriggerTime().map(Instant::toString).orElse("none until a pending checkpoint ends") + ")");
        }
        long id = ++lastCheckpointId;
        PendingCheckpoint checkpoint = new PendingCheckpoint(id, now,
                now.plusMillis(config.getCheckpointTimeout()), tasks);
        pending.put(id, checkpoint);
        lastTrigger = now;
        if (endOfInput != null && firstFinalId == 0) {
            firstFinalId = id;
        }
        return checkpoint;
    }

    /** Records that {@code taskKey} stored its state for {@code checkpointId} as {@code handles}. */
    public AckResult acknowledge(long checkpointId, String taskKey, List<StateHandle> handles) {
        PendingCheckpoint checkpoint = pending.get(checkpointId);
        if (checkpoint == null) {
            return new Ignored(checkpointId, checkpointId > lastCheckpointId ? "checkpoint " + checkpointId
                    + " was never triggered" : "checkpoint " + checkpointId + " is no longer pending");
        }
        if (!tasks.contains(taskKey)) {
            return new Ignored(checkpointId, "task " + taskKey + " is not part of checkpoint " + checkpointId);
        }
        if (!checkpoint.acknowledge(taskKey, handles)) {
            return new Ignored(checkpointId, "task " + taskKey + " already acknowledged checkpoint " + checkpointId);
        }
        return checkpoint.isFinalizing() ? new AllAcknowledged(checkpoint.toMetadata(jobId))
                : new Acknowledged(checkpointId, checkpoint.waitingFor().size());
    }

    /**
     * Makes a fully acknowledged checkpoint completed, once its metadata is written.
     *
     * @return the completion, or empty if the checkpoint was aborted while its metadata was written (subsumed, or
     *     the job failed over): then delete what was written
     * @throws IllegalStateException if the checkpoint is pending but not every task acknowledged it
     */
    public Optional<Completion> complete(long checkpointId, Instant now) {
        PendingCheckpoint checkpoint = pending.get(checkpointId);
        if (checkpoint == null) {
            return Optional.empty();
        }
        if (!checkpoint.isFinalizing()) {
            throw new IllegalStateException("Checkpoint " + checkpointId + " still waits for "
                    + checkpoint.waitingFor());
        }
        pending.remove(checkpointId);
        List<Long> subsumed = new ArrayList<>(pending.headMap(checkpointId, false).keySet());
        subsumed.forEach(pending::remove);
        CompletedCheckpoint completed = new CompletedCheckpoint(checkpoint.toMetadata(jobId),
                checkpoint.triggeredAt(), now);
        retained.addLast(completed);
        List<CompletedCheckpoint> discard = new ArrayList<>();
        while (retained.size() > config.getNumRetainedCheckpoints()) {
            discard.add(retained.removeFirst());
        }
        consecutiveFailures = 0;
        lastEnd = now;
        finalCompleted |= firstFinalId > 0 && checkpointId >= firstFinalId;
        return Optional.of(new Completion(completed, discard, subsumed));
    }

    /**
     * Ends a pending checkpoint without completing it: a task declined it, or writing its state or metadata failed.
     * Ignored (an outcome without checkpoints) if the checkpoint is not pending.
     */
    public FailureOutcome fail(long checkpointId, CheckpointFailureReason reason, String detail, Instant now) {
        if (!pending.containsKey(checkpointId)) {
            return new FailureOutcome(List.of(), consecutiveFailures, false,
                    "checkpoint " + checkpointId + " is no longer pending; " + reason + " ignored");
        }
        return endFailed(List.of(checkpointId), reason, "checkpoint " + checkpointId + " failed (" + reason + "): "
                + detail, now);
    }

    /** Ends every pending checkpoint whose deadline is at or before {@code now}, as {@code EXPIRED}. */
    public FailureOutcome expire(Instant now) {
        List<Long> expired = pending.values().stream()
                .filter(c -> !c.isFinalizing() && !now.isBefore(c.deadline()))
                .map(PendingCheckpoint::checkpointId)
                .toList();
        if (expired.isEmpty()) {
            return new FailureOutcome(List.of(), consecutiveFailures, false, "no checkpoint expired");
        }
        return endFailed(expired, CheckpointFailureReason.EXPIRED, "checkpoint" + (expired.size() > 1 ? "s " : " ")
                + expired + " expired: not all tasks acknowledged within " + config.getCheckpointTimeout() + " ms",
                now);
    }

    /** The earliest deadline among checkpoints that can expire, or empty if none can. */
    public Optional<Instant> nextExpiryTime() {
        return pending.values().stream().filter(c -> !c.isFinalizing()).map(PendingCheckpoint::deadline)
                .min(Comparator.naturalOrder());
    }

    /**
     * Aborts every pending checkpoint, e.g. because the job fails over or stops; nothing is counted as a failure.
     *
     * @return the aborted checkpoint ids, in increasing order: tell the tasks, delete their files
     */
    public List<Long> abortAll(Instant now) {
        List<Long> aborted = new ArrayList<>(pending.keySet());
        pending.clear();
        if (!aborted.isEmpty()) {
            lastEnd = now;
        }
        return aborted;
    }

    private FailureOutcome endFailed(List<Long> ids, CheckpointFailureReason reason, String message, Instant now) {
        long newestCompleted = retained.isEmpty() ? 0 : retained.getLast().checkpointId();
        for (long id : ids) {
            pending.remove(id);
            if (reason.countsAsFailure() && id > newestCompleted) {
                consecutiveFailures++;
            }
        }
        lastEnd = now;
        int tolerable = config.getTolerableCheckpointFailureNumber();
        if (consecutiveFailures > tolerable) {
            String why = message + "; " + consecutiveFailures + " checkpoint failures in a row exceed the tolerable "
                    + tolerable + " (CheckpointConfig.setTolerableCheckpointFailureNumber or "
                    + "flinkstream.checkpointing.tolerable-failures)";
            consecutiveFailures = 0;
            return new FailureOutcome(ids, 0, true, why);
        }
        return new FailureOutcome(ids, consecutiveFailures, false, message);
    }

    /**
     * Every source has read all its input at {@code now}: the final checkpoint is due at once. Later calls change
     * nothing.
     */
    public void endOfInput(Instant now) {
        if (endOfInput == null) {
            endOfInput = now;
        }
    }

    /** Whether a checkpoint triggered after the end of input has completed: the job's output is final. */
    public boolean isFinalCheckpointCompleted() {
        return finalCompleted;
    }

    /** The highest checkpoint id used so far: a restarted job's planner continues after it. */
    public long lastCheckpointId() {
        return lastCheckpointId;
    }

    /** The pending checkpoints, oldest first. */
    public List<PendingCheckpoint> pendingCheckpoints() {
        return List.copyOf(pending.values());
    }

    /** The retained completed checkpoints, oldest first. */
    public List<CompletedCheckpoint> retainedCheckpoints() {
        return List.copyOf(retained);
    }

    /** The newest completed checkpoint, the one to restore from. */
    public Optional<CompletedCheckpoint> latestCompleted() {
        return Optional.ofNullable(retained.peekLast());
    }

    /** The failures in a row counted since the last completion (or the last time they failed the job). */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The tasks that must acknowledge each checkpoint. */
    public Set<String> taskKeys() {
        return tasks;
    }

    // ---- Events: each returns every effect the coordinator must carry out, in order ----

    /** The trigger timer fired at {@code now}: triggers a checkpoint if one is due. */
    public List<CheckpointEffect> onTriggerDue(Instant now) {
        List<CheckpointEffect> effects = new ArrayList<>();
        if (shouldTrigger(now)) {
            long id = trigger(now).checkpointId();
            effects.add(new CheckpointEffect.TriggerSources(id, now));
            for (String task : finishedTasks) {
                acknowledgeInto(id, task, List.of(), effects);
            }
        }
        return schedule(effects);
    }

    /**
     * Task {@code taskKey} of this attempt stored its state for {@code checkpointId} as {@code handles}. An
     * acknowledgement with state for a checkpoint that ended without being retained discards what it wrote.
     */
    public List<CheckpointEffect> onAcknowledge(long checkpointId, String taskKey, List<StateHandle> handles,
                                                Instant now) {
        List<CheckpointEffect> effects = new ArrayList<>();
        acknowledgeInto(checkpointId, taskKey, handles, effects);
        return effects;
    }

    /**
     * A task of an older attempt acknowledged {@code checkpointId}: its state is never used, so unless the
     * checkpoint is pending or retained here, what it wrote is discarded.
     */
    public List<CheckpointEffect> onStaleAcknowledgement(long checkpointId, List<StateHandle> handles) {
        List<CheckpointEffect> effects = new ArrayList<>();
        discardLateState(checkpointId, handles, effects);
        return effects;
    }

    /** A task declined {@code checkpointId}: it could not take or write its state, or gave it up. */
    public List<CheckpointEffect> onDecline(long checkpointId, String detail, Instant now) {
        return failureEffects(fail(checkpointId, CheckpointFailureReason.DECLINED, detail, now),
                CheckpointFailureReason.DECLINED);
    }

    /** The metadata write of {@code checkpointId} returned: {@code error} is null if it succeeded. */
    public List<CheckpointEffect> onMetadataWritten(long checkpointId, Throwable error, Instant now) {
        writing.remove(checkpointId);
        if (error != null) {
            FailureOutcome outcome = fail(checkpointId, CheckpointFailureReason.WRITE_FAILED, String.valueOf(error),
                    now);
            List<CheckpointEffect> effects = failureEffects(outcome, CheckpointFailureReason.WRITE_FAILED);
            if (outcome.failedCheckpoints().isEmpty()) {
                effects.add(0, new CheckpointEffect.DiscardCheckpoint(checkpointId,
                        "aborted while its metadata was written, and the write failed"));
            }
            return effects;
        }
        List<Long> subsumedWhileWriting = pending.headMap(checkpointId, false).keySet().stream()
                .filter(writing::contains).toList();
        Optional<Completion> completion = complete(checkpointId, now);
        if (completion.isEmpty()) {
            List<CheckpointEffect> effects = new ArrayList<>();
            effects.add(new CheckpointEffect.DiscardCheckpoint(checkpointId,
                    "aborted while its metadata was written"));
            return schedule(effects);
        }
        List<CheckpointEffect> effects = new ArrayList<>();
        effects.add(new CheckpointEffect.NotifyComplete(completion.get().completed(), finalCompleted));
        for (long subsumed : completion.get().subsumed()) {
            effects.add(new CheckpointEffect.NotifyAborted(subsumed, CheckpointFailureReason.SUBSUMED,
                    "checkpoint " + subsumed + " was subsumed by checkpoint " + checkpointId));
            if (!subsumedWhileWriting.contains(subsumed)) {
                effects.add(new CheckpointEffect.DiscardCheckpoint(subsumed, "subsumed by " + checkpointId));
            }
        }
        for (CompletedCheckpoint old : completion.get().discard()) {
            effects.add(new CheckpointEffect.DiscardCheckpoint(old.checkpointId(), "no longer retained"));
        }
        return schedule(effects);
    }

    /** The expiry timer fired at {@code now}: ends the checkpoints past their deadline. */
    public List<CheckpointEffect> onExpiryDue(Instant now) {
        return failureEffects(expire(now), CheckpointFailureReason.EXPIRED);
    }

    /** Task {@code taskKey} finished: it acknowledges the checkpoints waiting for it, and every later one, empty. */
    public List<CheckpointEffect> onTaskFinished(String taskKey, Instant now) {
        List<CheckpointEffect> effects = new ArrayList<>();
        if (tasks.contains(taskKey) && finishedTasks.add(taskKey)) {
            for (PendingCheckpoint checkpoint : List.copyOf(pending.values())) {
                if (checkpoint.waitingFor().contains(taskKey)) {
                    acknowledgeInto(checkpoint.checkpointId(), taskKey, List.of(), effects);
                }
            }
        }
        return effects;
    }

    /** Every source has read all its input: the final checkpoint is due at once. */
    public List<CheckpointEffect> onEndOfInput(Instant now) {
        endOfInput(now);
        return schedule(new ArrayList<>());
    }

    /**
     * The attempt is stopping: nothing more is triggered, and every pending checkpoint is aborted and discarded,
     * except those whose metadata is being written: their write's outcome still completes or fails them.
     */
    public List<CheckpointEffect> onDrain(Instant now) {
        draining = true;
        List<CheckpointEffect> effects = new ArrayList<>();
        for (PendingCheckpoint checkpoint : List.copyOf(pending.values())) {
            if (checkpoint.isFinalizing()) {
                continue;
            }
            long id = checkpoint.checkpointId();
            pending.remove(id);
            lastEnd = now;
            effects.add(new CheckpointEffect.NotifyAborted(id, CheckpointFailureReason.JOB_FAILOVER,
                    "checkpoint " + id + " was aborted: the job attempt is stopping"));
            effects.add(new CheckpointEffect.DiscardCheckpoint(id, "pending when the attempt stopped"));
        }
        return effects;
    }

    /** Whether a metadata write is in flight. */
    public boolean isWritingMetadata() {
        return !writing.isEmpty();
    }

    private void acknowledgeInto(long checkpointId, String taskKey, List<StateHandle> handles,
                                 List<CheckpointEffect> effects) {
        AckResult result = acknowledge(checkpointId, taskKey, handles);
        if (result instanceof AllAcknowledged all) {
            writing.add(checkpointId);
            effects.add(new CheckpointEffect.WriteMetadata(all.metadata()));
        } else if (result instanceof Ignored) {
            discardLateState(checkpointId, handles, effects);
        }
    }

    /**
     * State written for a checkpoint that ended without being retained is deleted. Never for a checkpoint that is
     * pending, retained or having its metadata written; nor for one never triggered, whose id a later checkpoint
     * will use.
     */
    private void discardLateState(long checkpointId, List<StateHandle> handles, List<CheckpointEffect> effects) {
        boolean retainedHere = retained.stream().anyMatch(c -> c.checkpointId() == checkpointId);
        if (handles.isEmpty() || pending.containsKey(checkpointId) || writing.contains(checkpointId) || retainedHere
                || checkpointId > lastCheckpointId) {
            return;
        }
        effects.add(new CheckpointEffect.DiscardCheckpoint(checkpointId,
                "a late acknowledgement wrote state for it after it ended"));
    }

    private List<CheckpointEffect> failureEffects(FailureOutcome outcome, CheckpointFailureReason reason) {
        List<CheckpointEffect> effects = new ArrayList<>();
        for (long id : outcome.failedCheckpoints()) {
            effects.add(new CheckpointEffect.NotifyAborted(id, reason, outcome.message()));
            if (!writing.contains(id)) {
                effects.add(new CheckpointEffect.DiscardCheckpoint(id, reason.toString().toLowerCase()));
            }
        }
        if (outcome.failJob()) {
            effects.add(new CheckpointEffect.FailJob(outcome.message()));
        }
        return schedule(effects);
    }

    private List<CheckpointEffect> schedule(List<CheckpointEffect> effects) {
        nextTriggerTime().ifPresent(at -> effects.add(new CheckpointEffect.ScheduleTrigger(at)));
        nextExpiryTime().ifPresent(at -> effects.add(new CheckpointEffect.ScheduleExpiry(at)));
        return effects;
    }
}
