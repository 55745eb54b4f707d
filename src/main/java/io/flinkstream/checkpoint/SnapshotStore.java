package io.flinkstream.checkpoint;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where a job's checkpoints are kept: the state blobs tasks write, and the metadata that makes a checkpoint complete.
 * FlinkStream ships {@link InMemorySnapshotStore} (the memory state backend) and {@link FileSystemSnapshotStore}
 * (local disk or a shared mount); implement this interface to keep checkpoints elsewhere, e.g. in an object store.
 * See {@code docs/snapshot-store.md} for a walk-through.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Metadata last, atomically.</b> A checkpoint is complete exactly when its metadata is readable. The
 *       coordinator calls {@link #writeMetadata(CheckpointMetadata)} only after every state blob of the checkpoint
 *       was written; the store must make the metadata visible all at once (never a partial file) and only after the
 *       blobs it refers to are durable. A crash at any earlier point leaves no completed checkpoint.</li>
 *   <li><b>Checksums.</b> {@link #write} returns a {@link StateHandle} with the blob's size and CRC-32C;
 *       {@link #read} verifies both and throws {@link CorruptSnapshotException} naming the blob if they differ or
 *       the blob is missing. Metadata is stored as {@link CheckpointMetadataFormat} bytes, which carry their own
 *       checksum.</li>
 *   <li><b>Names.</b> Blobs are scoped by checkpoint id, task key and name; see {@link #checkNames(String, String)}
 *       for the characters allowed. Writing the same (checkpoint, task, name) again replaces the blob.</li>
 *   <li><b>Discard.</b> {@link #discard(long)} removes everything of one checkpoint, completed or not, and is
 *       idempotent. The coordinator calls it for every checkpoint that ends without being retained: aborted
 *       (declined, expired, failed, subsumed, pending when the attempt stops), aborted while its metadata was
 *       written, no longer retained, and checkpoints that late acknowledgements name.</li>
 *   <li><b>A discard is final.</b> Subtasks write asynchronously, so a blob write may land after its checkpoint
 *       was discarded. The store remembers discarded ids (see {@link DiscardedCheckpoints}): a write for one is
 *       refused with an {@link IOException}, and a write that began before the discard and lands after it deletes
 *       what it wrote and throws. So whatever order a discard and a write finish in, nothing of a discarded
 *       checkpoint is left. The same holds for writes landing after {@link #close()}.</li>
 *   <li><b>Threading.</b> Methods block (do I/O) and are called from a blocking dispatcher, never from an actor's
 *       thread. They may be called concurrently for different blobs, including blobs of the same checkpoint, and a
 *       discard concurrently with blob writes of its checkpoint. For one checkpoint, {@code writeMetadata} is called
 *       once, after all its writes returned, and never concurrently with its {@code discard}.</li>
 * </ul>
 */
public interface SnapshotStore extends AutoCloseable {

    /** The name of a checkpoint's metadata inside its scope, as in Flink. */
    String METADATA_NAME = "_metadata";

    /**
     * Stores one blob of a task's snapshot.
     *
     * @param checkpointId the checkpoint the blob belongs to
     * @param taskKey which task wrote it, e.g. {@code v1-s0} for vertex 1 subtask 0
     * @param name the blob's name within the task, e.g. {@code keyed-state}
     * @param data the bytes; the store may keep a reference only if it copies them
     * @return where the blob is, with its size and checksum, to be listed in the checkpoint's metadata
     * @throws IOException if the blob could not be stored; nothing partial is left under its name
     * @throws IllegalArgumentException if {@code taskKey} or {@code name} break the naming rules
     */
    StateHandle write(long checkpointId, String taskKey, String name, byte[] data) throws IOException;

    /**
     * Reads a blob back and verifies it against the handle's size and checksum.
     *
     * @throws CorruptSnapshotException if the blob is missing, or its size or checksum differs
     * @throws IOException if it cannot be read
     */
    byte[] read(StateHandle handle) throws IOException;

    /**
     * Checks that a blob is there with the handle's size and checksum, without keeping its bytes: what a restore runs
     * over every blob of a checkpoint before it deploys from it. The default reads the blob with {@link #read}; a
     * store that can stream should override it to check in one pass with little memory.
     *
     * @throws CorruptSnapshotException if the blob is missing, or its size or checksum differs
     * @throws IOException if it cannot be read
     */
    default void verify(StateHandle handle) throws IOException {
        read(handle);
    }

    /**
     * Completes a checkpoint by storing its metadata, last and atomically (see the class comment).
     *
     * @return where the metadata was stored
     * @throws IOException if it could not be stored; then the checkpoint is not complete
     * @throws IllegalStateException if the checkpoint already has metadata
     */
    String writeMetadata(CheckpointMetadata metadata) throws IOException;

    /**
     * Reads and verifies the metadata of a completed checkpoint.
     *
     * @throws java.io.FileNotFoundException if the checkpoint has no metadata (it never completed, or was discarded)
     * @throws CorruptSnapshotException if the metadata is damaged
     */
    CheckpointMetadata readMetadata(long checkpointId) throws IOException;

    /** The ids of the completed checkpoints (those with metadata), newest first. */
    List<Long> completedCheckpointIds() throws IOException;

    /**
     * The metadata of the newest completed checkpoint, or empty if there is none. A damaged newest checkpoint throws
     * {@link CorruptSnapshotException}; callers that want to fall back walk {@link #completedCheckpointIds()}.
     */
    default Optional<CheckpointMetadata> latest() throws IOException {
        List<Long> ids = completedCheckpointIds();
        return ids.isEmpty() ? Optional.empty() : Optional.of(readMetadata(ids.get(0)));
    }

    /**
     * Deletes everything of a checkpoint, metadata first so that it stops counting as complete. Idempotent, and
     * allowed after {@link #close()}: a deletion started while the job stopped may run after the store closed.
     */
    void discard(long checkpointId) throws IOException;

    /**
     * Releases the store's resources. It does not delete checkpoints, except that an in-memory store forgets them.
     * No other method but {@link #discard(long)} may be called afterwards.
     */
    @Override
    void close() throws IOException;

    /**
     * Checks the naming rules every store enforces, so that names map to file names safely on any platform: a task
     * key is 1 to 100 of {@code A-Z a-z 0-9 _ -}; a name is 1 to 100 of those and {@code .}, not starting with
     * {@code .}.
     *
     * @throws IllegalArgumentException naming the offending value
     */
    static void checkNames(String taskKey, String name) {
        if (taskKey == null || !SnapshotNames.TASK_KEY.matcher(taskKey).matches()) {
            throw new IllegalArgumentException("A task key must be 1 to 100 of the characters A-Z a-z 0-9 _ -, was '"
                    + taskKey + "'");
        }
        if (name == null || !SnapshotNames.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A snapshot blob name must be 1 to 100 of the characters A-Z a-z 0-9 "
                    + "_ - . and not start with '.', was '" + name + "'");
        }
    }

    /** The location {@code chk-<id>/<taskKey>.<name>} the built-in stores give a blob. */
    static String location(long checkpointId, String taskKey, String name) {
        return checkpointScope(checkpointId) + "/" + taskKey + "." + name;
    }

    /** The scope {@code chk-<id>} holding a checkpoint's blobs and metadata in the built-in stores. */
    static String checkpointScope(long checkpointId) {
        return "chk-" + checkpointId;
    }
}
