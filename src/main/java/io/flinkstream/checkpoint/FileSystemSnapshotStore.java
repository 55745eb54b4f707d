package io.flinkstream.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Keeps checkpoints as files in a directory, on local disk or a mount shared by all nodes (NFS, a CSI volume):
 *
 * <pre>
 * dir/
 *   chk-7/
 *     v0-s0.source-offsets     one file per state blob: &lt;taskKey&gt;.&lt;name&gt;
 *     v1-s0.keyed-state
 *     _metadata                written last; its presence makes checkpoint 7 complete
 *   chk-8/                     no _metadata yet: in progress, or abandoned by a crash
 * </pre>
 *
 * <p>Every file is written to a hidden temporary file in the same directory, forced to disk, and renamed into place
 * atomically, so a file with its final name is always whole; a failed write deletes its temporary file. The metadata
 * is written the same way after the checkpoint's directory and the directory above it are forced to disk, so that a
 * completed checkpoint never refers to a blob a crash could lose.
 *
 * <p>A discarded checkpoint stays discarded: its id is remembered ({@link DiscardedCheckpoints}), and a blob or
 * metadata write for it — one that started before the discard and lands after it, say — is refused, its file deleted
 * again. So the directory of a discarded checkpoint never comes back, whatever order a discard and a write finish
 * in. The same holds for writes landing after {@link #close()}.
 *
 * <p>Thread-safe as {@link SnapshotStore} requires; every method blocks on file I/O.
 */
public final class FileSystemSnapshotStore implements SnapshotStore {
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private static final int VERIFY_BUFFER_BYTES = 64 * 1024;

    private final Path dir;
    private final DiscardedCheckpoints discarded = new DiscardedCheckpoints();
    private volatile boolean closed;
    /** Runs in every blob write after it was admitted and before its bytes land; tests stall writes with it. */
    volatile Runnable beforeLanding = () -> { };

    /** A store in {@code dir}, which is created when the first blob is written. */
    public FileSystemSnapshotStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The directory holding the {@code chk-<id>} directories. */
    public Path directory() {
        return dir;
    }

    /**
     * Finds the metadata file to restore from in {@code path}: {@code path} itself if it is a metadata file,
     * {@code path/_metadata} if {@code path} is a checkpoint directory, else the metadata of the newest completed
     * {@code chk-<id>} in {@code path}.
     *
     * @return the metadata file, or empty if {@code path} holds no completed checkpoint
     */
    public static Optional<Path> resolveLatest(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return Optional.of(path);
        }
        Path own = path.resolve(METADATA_NAME);
        if (Files.isRegularFile(own)) {
            return Optional.of(own);
        }
        List<Long> ids = new FileSystemSnapshotStore(path).completedCheckpointIds();
        return ids.isEmpty() ? Optional.empty()
                : Optional.of(path.resolve(SnapshotStore.checkpointScope(ids.get(0))).resolve(METADATA_NAME));
    }

    /** Reads and verifies a metadata file found with {@link #resolveLatest(Path)}. */
    public static CheckpointMetadata readMetadataFile(Path metadataFile) throws IOException {
        return CheckpointMetadataFormat.decode(Files.readAllBytes(metadataFile), metadataFile.toString());
    }

    @Override
    public StateHandle write(long checkpointId, String taskKey, String name, byte[] data) throws IOException {
        checkOpen();
        SnapshotStore.checkNames(taskKey, name);
        String location = SnapshotStore.location(checkpointId, taskKey, name);
        Path checkpointDir = checkpointDir(checkpointId);
        refuseIfDiscarded(checkpointId, location);
        beforeLanding.run();
        Files.createDirectories(checkpointDir);
        writeAtomically(checkpointDir, taskKey + "." + name, data);
        undoIfDiscarded(checkpointId, checkpointDir.resolve(taskKey + "." + name), location);
        return new StateHandle(location, data.length, StateHandle.checksumOf(data));
    }

    @Override
    public byte[] read(StateHandle handle) throws IOException {
        checkOpen();
        Path path = pathOf(handle);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CorruptSnapshotException(path.toString(), "it does not exist", e);
        }
        handle.verify(bytes, path.toString());
        return bytes;
    }

    /** Streams the blob through a CRC-32C in one pass, holding one buffer, not the blob. */
    @Override
    public void verify(StateHandle handle) throws IOException {
        checkOpen();
        Path path = pathOf(handle);
        CRC32C crc = new CRC32C();
        long size = 0;
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[VERIFY_BUFFER_BYTES];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            throw new CorruptSnapshotException(path.toString(), "it does not exist", e);
        }
        handle.verify(size, crc.getValue(), path.toString());
    }

    private Path pathOf(StateHandle handle) {
        String file = SnapshotNames.fileOf(handle.location());
        if (file == null) {
            throw new IllegalArgumentException("'" + handle.location() + "' is not a location of a FlinkStream "
                    + "snapshot store (expected chk-<id>/<taskKey>.<name>)");
        }
        return checkpointDir(SnapshotNames.checkpointIdOf(handle.location())).resolve(file);
    }

    @Override
    public String writeMetadata(CheckpointMetadata metadata) throws IOException {
        checkOpen();
        long id = metadata.checkpointId();
        Path checkpointDir = checkpointDir(id);
        refuseIfDiscarded(id, METADATA_NAME);
        for (StateHandle handle : metadata.allHandles()) {
            String file = SnapshotNames.fileOf(handle.location());
            long owner = SnapshotNames.checkpointIdOf(handle.location());
            if (file == null || !Files.isRegularFile(checkpointDir(owner).resolve(file))) {
                throw new IOException("Checkpoint " + id + " refers to state " + handle.location()
                        + ", which is not in " + dir);
            }
        }
        Files.createDirectories(checkpointDir);
        if (Files.exists(checkpointDir.resolve(METADATA_NAME))) {
            throw new IllegalStateException("Checkpoint " + id + " already has metadata in " + checkpointDir);
        }
        // The blobs' renames and the chk directory itself must be durable before the metadata can point at them.
        forceDirectory(checkpointDir);
        forceDirectory(dir);
        writeAtomically(checkpointDir, METADATA_NAME, CheckpointMetadataFormat.encode(metadata));
        undoIfDiscarded(id, checkpointDir.resolve(METADATA_NAME), METADATA_NAME);
        return checkpointDir.resolve(METADATA_NAME).toString();
    }

    @Override
    public CheckpointMetadata readMetadata(long checkpointId) throws IOException {
        checkOpen();
        Path file = checkpointDir(checkpointId).resolve(METADATA_NAME);
        try {
            return readMetadataFile(file);
        } catch (NoSuchFileException e) {
            FileNotFoundException notFound = new FileNotFoundException("Checkpoint " + checkpointId + " has no "
                    + "metadata (" + file + "): it did not complete, or was discarded");
            notFound.initCause(e);
            throw notFound;
        }
    }

    @Override
    public List<Long> completedCheckpointIds() throws IOException {
        return checkpointIds(chk -> Files.isRegularFile(chk.resolve(METADATA_NAME)));
    }

    /**
     * The ids of the {@code chk-<id>} directories without metadata, newest first: checkpoints that were pending when
     * their job master stopped (or died), whose files no completed checkpoint will ever reference.
     */
    public List<Long> pendingCheckpointIds() throws IOException {
        return checkpointIds(chk -> Files.isDirectory(chk) && !Files.exists(chk.resolve(METADATA_NAME)));
    }

    /** The ids of the {@code chk-<id>} entries that {@code which} accepts, newest first. */
    private List<Long> checkpointIds(java.util.function.Predicate<Path> which) throws IOException {
        checkOpen();
        List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                long id = SnapshotNames.checkpointIdOfScope(child.getFileName().toString());
                if (id >= 0 && which.test(child)) {
                    ids.add(id);
                }
            }
        }
        ids.sort(Comparator.reverseOrder());
        return ids;
    }

    @Override
    public void discard(long checkpointId) throws IOException {
        // No checkOpen: a deletion the coordinator started may run after the job closed the store.
        Path checkpointDir = checkpointDir(checkpointId);
        // Remembered before anything is deleted: a write landing from now on deletes its own file (undoIfDiscarded).
        discarded.add(checkpointId);
        if (!Files.isDirectory(checkpointDir)) {
            return;
        }
        // The metadata goes first: from then on the checkpoint no longer counts as complete, even if we crash.
        Files.deleteIfExists(checkpointDir.resolve(METADATA_NAME));
        deleteTree(checkpointDir);
    }

    private static void deleteTree(Path checkpointDir) throws IOException {
        try (Stream<Path> files = Files.walk(checkpointDir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException e) {
            // Discarded concurrently: the goal is reached.
        } catch (DirectoryNotEmptyException e) {
            // A write is landing in it right now: it sees the discard and deletes its file and the directory.
        }
    }

    /** Refuses a write into a checkpoint discarded before the write began. */
    private void refuseIfDiscarded(long checkpointId, String what) throws IOException {
        if (discarded.contains(checkpointId)) {
            throw new IOException("Not writing " + what + ": checkpoint " + checkpointId + " was discarded (aborted, "
                    + "subsumed or no longer retained) in " + dir);
        }
    }

    /**
     * A write landed: if its checkpoint was discarded meanwhile (or the store closed), the discard may have missed
     * the new file, so delete it — and the checkpoint's directory, if it is empty now — and refuse the write.
     */
    private void undoIfDiscarded(long checkpointId, Path written, String what) throws IOException {
        if (!discarded.contains(checkpointId) && !closed) {
            return;
        }
        Files.deleteIfExists(written);
        if (discarded.contains(checkpointId)) {
            deleteTree(written.getParent());
        } else {
            deleteDirectoryIfEmpty(written.getParent());
        }
        throw new IOException("Deleted " + what + " again: checkpoint " + checkpointId + " was discarded, or the "
                + "store in " + dir + " closed, while it was written");
    }

    private static void deleteDirectoryIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // Not empty: other blobs of the checkpoint are still there, and whoever discards it deletes them.
        }
    }

    /** Marks the store closed; the files stay. */
    @Override
    public void close() {
        closed = true;
    }

    private Path checkpointDir(long checkpointId) {
        if (checkpointId < 0) {
            throw new IllegalArgumentException("A checkpoint id cannot be negative: " + checkpointId);
        }
        return dir.resolve(SnapshotStore.checkpointScope(checkpointId));
    }

    /** Writes {@code data} to {@code directory/fileName} through a forced temporary file and an atomic rename. */
    private static void writeAtomically(Path directory, String fileName, byte[] data) throws IOException {
        Path temp = directory.resolve("." + fileName + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, directory.resolve(fileName), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // The write already failed with the error that matters; a leftover hidden .tmp file is harmless.
        }
    }

    /** Forces a directory's entries to disk; Windows cannot open directories, and renames there are durable. */
    private static void forceDirectory(Path directory) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The snapshot store in " + dir + " is closed");
        }
    }

    @Override
    public String toString() {
        return "FileSystemSnapshotStore{" + dir + "}";
    }
}
