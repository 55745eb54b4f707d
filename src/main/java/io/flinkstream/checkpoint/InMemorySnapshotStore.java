package io.flinkstream.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps checkpoints on the heap of the coordinator's JVM: the store of the memory state backend. Fast and without
 * setup, but checkpoints die with the JVM and their size is limited: writing past {@code maxBytesPerCheckpoint} bytes
 * of state in one checkpoint fails that checkpoint with an error saying how to get past the limit. Metadata does
 * not count towards the limit.
 *
 * <p>A discarded checkpoint stays discarded: a blob or metadata write for it that lands after the discard (or after
 * {@link #close()}) is refused and removed again, as in {@link FileSystemSnapshotStore}.
 *
 * <p>Thread-safe. Stored bytes are copies, so callers may reuse their buffers.
 */
public final class InMemorySnapshotStore implements SnapshotStore {
    private final long maxBytesPerCheckpoint;
    private final ConcurrentHashMap<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Long> bytesPerCheckpoint = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, byte[]> metadata = new ConcurrentHashMap<>();
    private final DiscardedCheckpoints discarded = new DiscardedCheckpoints();
    private volatile boolean closed;
    /** Runs in every blob write after it was admitted and before its bytes land; tests stall writes with it. */
    volatile Runnable beforeLanding = () -> { };

    /**
     * @param maxBytesPerCheckpoint the most state bytes one checkpoint may hold, above 0
     * @throws IllegalArgumentException if the limit is not above 0
     */
    public InMemorySnapshotStore(long maxBytesPerCheckpoint) {
        if (maxBytesPerCheckpoint <= 0) {
            throw new IllegalArgumentException("The memory backend's size limit must be above 0 bytes, was "
                    + maxBytesPerCheckpoint);
        }
        this.maxBytesPerCheckpoint = maxBytesPerCheckpoint;
    }

    /** The most state bytes one checkpoint may hold. */
    public long maxBytesPerCheckpoint() {
        return maxBytesPerCheckpoint;
    }

    /** The state bytes currently held for {@code checkpointId}. */
    public long bytesOf(long checkpointId) {
        return bytesPerCheckpoint.getOrDefault(checkpointId, 0L);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IOException if the checkpoint would exceed the size limit; nothing is stored then
     */
    @Override
    public StateHandle write(long checkpointId, String taskKey, String name, byte[] data) throws IOException {
        checkOpen();
        SnapshotStore.checkNames(taskKey, name);
        String location = SnapshotStore.location(checkpointId, taskKey, name);
        refuseIfDiscarded(checkpointId, location);
        beforeLanding.run();
        byte[] copy = data.clone();
        byte[] previous = blobs.get(location);
        long delta = copy.length - (previous == null ? 0 : previous.length);
        long[] total = new long[1];
        bytesPerCheckpoint.compute(checkpointId, (id, current) -> {
            total[0] = (current == null ? 0 : current) + delta;
            return total[0] > maxBytesPerCheckpoint ? current : Long.valueOf(total[0]);
        });
        if (total[0] > maxBytesPerCheckpoint) {
            throw new IOException("Checkpoint " + checkpointId + " is " + total[0] + " bytes, over the memory state "
                    + "backend limit of " + maxBytesPerCheckpoint + " bytes; use FsStateBackend (flinkstream.state."
                    + "backend = fs) or raise the limit (new MemoryStateBackend(maxStateSizeBytes) or "
                    + "flinkstream.state.memory.max-size)");
        }
        blobs.put(location, copy);
        if (discarded.contains(checkpointId) || closed) {
            // Discarded (or closed) while this write ran: the discard may have missed the blob.
            forget(checkpointId);
            throw landedTooLate(checkpointId, location);
        }
        return new StateHandle(location, copy.length, StateHandle.checksumOf(copy));
    }

    @Override
    public byte[] read(StateHandle handle) throws IOException {
        checkOpen();
        byte[] bytes = blobs.get(handle.location());
        if (bytes == null) {
            throw new CorruptSnapshotException("memory:" + handle.location(),
                    "it is not in the memory state backend (discarded, or written by another JVM)");
        }
        handle.verify(bytes, "memory:" + handle.location());
        return bytes.clone();
    }

    @Override
    public String writeMetadata(CheckpointMetadata checkpoint) throws IOException {
        checkOpen();
        refuseIfDiscarded(checkpoint.checkpointId(), METADATA_NAME);
        for (StateHandle handle : checkpoint.allHandles()) {
            if (!blobs.containsKey(handle.location())) {
                throw new IOException("Checkpoint " + checkpoint.checkpointId() + " refers to state "
                        + handle.location() + ", which is not in the memory state backend");
            }
        }
        byte[] bytes = CheckpointMetadataFormat.encode(checkpoint);
        if (metadata.putIfAbsent(checkpoint.checkpointId(), bytes) != null) {
            throw new IllegalStateException("Checkpoint " + checkpoint.checkpointId() + " already has metadata");
        }
        if (discarded.contains(checkpoint.checkpointId()) || closed) {
            forget(checkpoint.checkpointId());
            throw landedTooLate(checkpoint.checkpointId(), METADATA_NAME);
        }
        return metadataLocation(checkpoint.checkpointId());
    }

    @Override
    public CheckpointMetadata readMetadata(long checkpointId) throws IOException {
        checkOpen();
        byte[] bytes = metadata.get(checkpointId);
        if (bytes == null) {
            throw new FileNotFoundException("Checkpoint " + checkpointId + " has no metadata in the memory state "
                    + "backend: it did not complete, or was discarded");
        }
        return CheckpointMetadataFormat.decode(bytes, metadataLocation(checkpointId));
    }

    @Override
    public List<Long> completedCheckpointIds() {
        checkOpen();
        return metadata.keySet().stream().sorted(Comparator.reverseOrder()).toList();
    }

    @Override
    public void discard(long checkpointId) {
        // No checkOpen: a deletion may run after the store closed, which forgot everything already.
        // Remembered first, so that a write landing from now on removes itself.
        discarded.add(checkpointId);
        forget(checkpointId);
    }

    private void forget(long checkpointId) {
        metadata.remove(checkpointId);
        String prefix = SnapshotStore.checkpointScope(checkpointId) + "/";
        blobs.keySet().removeIf(location -> location.startsWith(prefix));
        bytesPerCheckpoint.remove(checkpointId);
    }

    /** Forgets every checkpoint. */
    @Override
    public void close() {
        closed = true;
        blobs.clear();
        metadata.clear();
        bytesPerCheckpoint.clear();
    }

    /** The ids of every checkpoint that has a blob or metadata here, complete or not, in increasing order. */
    public java.util.SortedSet<Long> checkpointIdsHeld() {
        java.util.TreeSet<Long> ids = new java.util.TreeSet<>(metadata.keySet());
        blobs.keySet().forEach(location -> ids.add(SnapshotNames.checkpointIdOf(location)));
        return ids;
    }

    private void refuseIfDiscarded(long checkpointId, String what) throws IOException {
        if (discarded.contains(checkpointId)) {
            throw new IOException("Not writing " + what + ": checkpoint " + checkpointId + " was discarded (aborted, "
                    + "subsumed or no longer retained)");
        }
    }

    private static IOException landedTooLate(long checkpointId, String what) {
        return new IOException("Removed " + what + " again: checkpoint " + checkpointId + " was discarded, or the "
                + "memory state backend closed, while it was written");
    }

    private static String metadataLocation(long checkpointId) {
        return "memory:" + SnapshotStore.checkpointScope(checkpointId) + "/" + METADATA_NAME;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The in-memory snapshot store is closed");
        }
    }

    @Override
    public String toString() {
        return "InMemorySnapshotStore{maxBytesPerCheckpoint=" + maxBytesPerCheckpoint + "}";
    }
}
