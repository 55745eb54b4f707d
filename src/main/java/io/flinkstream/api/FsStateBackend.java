package io.flinkstream.api;

import io.flinkstream.checkpoint.FileSystemSnapshotStore;
import io.flinkstream.checkpoint.SnapshotStore;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Keeps checkpoints as files under a directory: {@code <dir>/<jobId>/chk-<id>/...}. For checkpoints to survive the
 * loss of a machine, and for a job to be restored on another node, the directory must be on storage every node
 * mounts (NFS, a shared volume). See {@link FileSystemSnapshotStore} for the layout and the write protocol.
 *
 * <pre>{@code
 * env.setStateBackend(new FsStateBackend("/mnt/checkpoints"));
 * env.setStateBackend(new FsStateBackend("file:///mnt/checkpoints"));
 * }</pre>
 */
public final class FsStateBackend implements StateBackend {
    private static final long serialVersionUID = 1L;
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:");

    private final String checkpointDirectory;

    /**
     * A backend writing under {@code checkpointDirectory}: a path, or a {@code file:} URI.
     *
     * @throws IllegalArgumentException if the directory is blank, not a valid path, or a URI of another scheme
     *     (e.g. {@code hdfs:} or {@code s3:}, which FlinkStream cannot write to; mount the storage instead)
     */
    public FsStateBackend(String checkpointDirectory) {
        this.checkpointDirectory = toPath(checkpointDirectory).toString();
    }

    private static Path toPath(String dir) {
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("FsStateBackend needs a checkpoint directory, e.g. /mnt/checkpoints");
        }
        String trimmed = dir.trim();
        // Two or more letters before the colon: a URI scheme, not a Windows drive such as C:.
        boolean hasScheme = URI_SCHEME.matcher(trimmed).lookingAt();
        if (hasScheme && !trimmed.regionMatches(true, 0, "file:", 0, 5)) {
            throw new IllegalArgumentException("FsStateBackend writes to local or mounted directories only: a path "
                    + "or a file: URI, not '" + dir + "'; mount that storage and give its path");
        }
        try {
            Path path = hasScheme ? Path.of(URI.create(trimmed)) : Path.of(trimmed);
            return path.toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) { // includes InvalidPathException
            throw new IllegalArgumentException("'" + dir + "' is not a valid checkpoint directory: " + e.getMessage(),
                    e);
        }
    }

    /** The absolute directory checkpoints are written under. */
    public String getCheckpointPath() {
        return checkpointDirectory;
    }

    /**
     * A {@link FileSystemSnapshotStore} in {@code <dir>/<jobId>}.
     *
     * @throws IllegalArgumentException if {@code jobId} is not 1 to 100 of {@code A-Z a-z 0-9 _ -}
     */
    @Override
    public SnapshotStore createSnapshotStore(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("A job id used as a directory name must be 1 to 100 of the characters "
                    + "A-Z a-z 0-9 _ -, was '" + jobId + "'");
        }
        return new FileSystemSnapshotStore(Path.of(checkpointDirectory).resolve(jobId));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FsStateBackend other && other.checkpointDirectory.equals(checkpointDirectory);
    }

    @Override
    public int hashCode() {
        return checkpointDirectory.hashCode();
    }

    @Override
    public String toString() {
        return "FsStateBackend{" + checkpointDirectory + "}";
    }
}
