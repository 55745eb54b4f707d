package io.flinkstream.checkpoint;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing the checkpoint coordinator must do because of a decision of the {@link CheckpointPlanner}: the planner's
 * event methods ({@code onTriggerDue}, {@code onAcknowledge}, {@code onMetadataWritten}, ...) return the complete
 * list, in order, and the coordinator carries out every one. The set is sealed, and each effect is handed to a
 * {@link Handler} with one method per kind, so an effect the coordinator forgets to carry out is a compile error.
 * (Java 17 has no pattern {@code switch} yet; the handler is its exhaustive equivalent.)
 *
 * <pre>{@code
 * for (CheckpointEffect effect : planner.onAcknowledge(id, task, handles, now)) {
 *     effect.applyTo(handler);   // handler implements CheckpointEffect.Handler
 * }
 * }</pre>
 */
public sealed interface CheckpointEffect {

    /** Hands this effect to the handler method of its kind. */
    void applyTo(Handler handler);

    /** Carries out effects: one method per kind of effect. */
    interface Handler {
        /** Send the trigger of a new checkpoint to every source subtask. */
        void triggerSources(TriggerSources effect);

        /** Write a fully acknowledged checkpoint's metadata (blocking I/O), then report it with onMetadataWritten. */
        void writeMetadata(WriteMetadata effect);

        /** Tell every subtask the checkpoint is complete, and report its statistics. */
        void notifyComplete(NotifyComplete effect);

        /** Tell every subtask the checkpoint was aborted, and report its statistics. */
        void notifyAborted(NotifyAborted effect);

        /** Delete everything of a checkpoint from the snapshot store (blocking I/O). */
        void discardCheckpoint(DiscardCheckpoint effect);

        /** Checkpoints failed more often in a row than tolerated: fail the job over. */
        void failJob(FailJob effect);

        /** The next trigger is due at {@code at}: (re)arm the trigger timer. */
        void scheduleTrigger(ScheduleTrigger effect);

        /** The earliest pending checkpoint expires at {@code at}: (re)arm the expiry timer. */
        void scheduleExpiry(ScheduleExpiry effect);
    }

    /**
     * A checkpoint was triggered: sources take it and inject its barrier.
     *
     * @param checkpointId the new checkpoint's id, higher than every id used before in the job
     * @param timestamp when it was triggered
     */
    record TriggerSources(long checkpointId, Instant timestamp) implements CheckpointEffect {
        @Override
        public void applyTo(Handler handler) {
            handler.triggerSources(this);
        }
    }

    /**
     * Every task acknowledged: write the metadata, last and atomically.
     *
     * @param metadata what to write
     */
    record WriteMetadata(CheckpointMetadata metadata) implements CheckpointEffect {
        public WriteMetadata {
            Objects.requireNonNull(metadata, "metadata");
        }

        @Override
        public void applyTo(Handler handler) {
            handler.writeMetadata(this);
        }
    }

    /**
     * A checkpoint completed.
     *
     * @param checkpoint the completed checkpoint, now the newest retained one
     * @param isFinal whether it is the final checkpoint of a bounded job (taken after the end of input)
     */
    record NotifyComplete(CompletedCheckpoint checkpoint, boolean isFinal) implements CheckpointEffect {
        @Override
        public void applyTo(Handler handler) {
            handler.notifyComplete(this);
        }
    }

    /**
     * A checkpoint ended without completing: tasks release what they hold for it (aligned channels, the barriers
     * still expected) and call {@code CheckpointListener.notifyCheckpointAborted}.
     *
     * @param checkpointId the aborted checkpoint
     * @param reason why
     * @param message what happened, for statistics and the log
     */
    record NotifyAborted(long checkpointId, CheckpointFailureReason reason, String message)
            implements CheckpointEffect {
        @Override
        public void applyTo(Handler handler) {
            handler.notifyAborted(this);
        }
    }

    /**
     * Delete a checkpoint that will never be restored from: aborted, aborted while its metadata was written, no
     * longer retained, or named by a late acknowledgement.
     *
     * @param checkpointId the checkpoint to delete
     * @param why for the log
     */
    record DiscardCheckpoint(long checkpointId, String why) implements CheckpointEffect {
        @Override
        public void applyTo(Handler handler) {
            handler.discardCheckpoint(this);
        }
    }

    /**
     * Fail the job over: more checkpoints failed in a row than tolerated.
     *
     * @param message the failure's cause, naming the setting to change
     */
    record FailJob(String message) implements CheckpointEffect {
        @Override
        public void applyTo(Handler handler) {
            handler.failJob(this);
        }
    }

    /**
     * When the next checkpoint is due.
     *
     * @param at the time; the coordinator asks again then
     */
    record ScheduleTrigger(Instant at) implements CheckpointEffect {
        @Override
        public void applyTo(Handler handler) {
            handler.scheduleTrigger(this);
        }
    }

    /**
     * When the earliest pending checkpoint expires.
     *
     * @param at the time; the coordinator expires checkpoints then
     */
    record ScheduleExpiry(Instant at) implements CheckpointEffect {
        @Override
        public void applyTo(Handler handler) {
            handler.scheduleExpiry(this);
        }
    }
}
