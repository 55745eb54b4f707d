package io.flinkstream.checkpoint;

import java.time.Instant;
import java.util.Objects;

/**
 * A checkpoint whose metadata is written: it can be restored from until it is discarded.
 *
 * @param metadata what the checkpoint consists of
 * @param triggeredAt when the coordinator triggered it
 * @param completedAt when its metadata was written
 */
public record CompletedCheckpoint(CheckpointMetadata metadata, Instant triggeredAt, Instant completedAt) {

    /** @throws NullPointerException if an argument is null */
    public CompletedCheckpoint {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(triggeredAt, "triggeredAt");
        Objects.requireNonNull(completedAt, "completedAt");
    }

    /** A checkpoint found in a snapshot store when a job starts; its times are its trigger timestamp. */
    public static CompletedCheckpoint restored(CheckpointMetadata metadata) {
        Instant timestamp = Instant.ofEpochMilli(metadata.timestamp());
        return new CompletedCheckpoint(metadata, timestamp, timestamp);
    }

    /** The checkpoint's id. */
    public long checkpointId() {
        return metadata.checkpointId();
    }
}
