package io.flinkstream.api;

import io.flinkstream.checkpoint.InMemorySnapshotStore;
import io.flinkstream.checkpoint.SnapshotStore;

/**
 * Keeps checkpoints on the heap of the JVM running the job's coordinator: no setup, but checkpoints are lost with
 * that JVM and one checkpoint may hold at most {@link #getMaxStateSize()} bytes of state (5 MiB by default, as in
 * Flink). Meant for tests and small jobs; use {@link FsStateBackend} for anything that must survive a crash.
 */
public final class MemoryStateBackend implements StateBackend {
    private static final long serialVersionUID = 1L;

    /** The default size limit of one checkpoint: 5 MiB. */
    public static final int DEFAULT_MAX_STATE_SIZE = 5 * 1024 * 1024;

    private final int maxStateSize;

    /** A memory backend with the default limit of {@value #DEFAULT_MAX_STATE_SIZE} bytes per checkpoint. */
    public MemoryStateBackend() {
        this(DEFAULT_MAX_STATE_SIZE);
    }

    /**
     * A memory backend allowing {@code maxStateSizeBytes} bytes of state per checkpoint.
     *
     * @throws IllegalArgumentException if the limit is not above 0
     */
    public MemoryStateBackend(int maxStateSizeBytes) {
        if (maxStateSizeBytes <= 0) {
            throw new IllegalArgumentException("The memory state backend's size limit must be above 0 bytes, was "
                    + maxStateSizeBytes);
        }
        this.maxStateSize = maxStateSizeBytes;
    }

    /** The most state bytes one checkpoint may hold. */
    public int getMaxStateSize() {
        return maxStateSize;
    }

    /** An {@link InMemorySnapshotStore} with this backend's limit. */
    @Override
    public SnapshotStore createSnapshotStore(String jobId) {
        return new InMemorySnapshotStore(maxStateSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryStateBackend other && other.maxStateSize == maxStateSize;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(maxStateSize);
    }

    @Override
    public String toString() {
        return "MemoryStateBackend{maxStateSize=" + maxStateSize + "}";
    }
}
