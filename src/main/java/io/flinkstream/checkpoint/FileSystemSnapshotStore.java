package io.flinkstream.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * <p>Thread-safe as {@link SnapshotStore} requires; every method blocks on file I/O.
 */
public final class FileSystemSnapshotStore implements SnapshotStore {
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private static final int VERIFY_BUFFER_BYTES = 64 * 1024;

    private final Path dir;
    private volatile boolean closed;

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
        Files.createDirectories(checkpointDir);
        writeAtomically(checkpointDir, taskKey + "." + name, data);
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
        checkOpen();
        List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                long id = SnapshotNames.checkpointIdOfScope(child.getFileName().toString());
                if (id >= 0 && Files.isRegularFile(child.resolve(METADATA_NAME))) {
                    ids.add(id);
                }
            }
        }
        ids.sort(Comparator.reverseOrder());
        return ids;
    }

    @Override
    public void discard(long checkpointId) throws IOException {
        checkOpen();
        Path checkpointDir = checkpointDir(checkpointId);
        if (!Files.isDirectory(checkpointDir)) {
            return;
        }
        // The metadata goes first: from then on the checkpoint no longer counts as complete, even if we crash.
        Files.deleteIfExists(checkpointDir.resolve(METADATA_NAME));
        try (Stream<Path> files = Files.walk(checkpointDir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException e) {
            // Discarded concurrently: the goal is reached.
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
