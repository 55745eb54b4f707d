package io.flinkstream.checkpoint;

import java.io.IOException;

/**
 * A snapshot file (state or metadata) is missing, truncated, or does not match its checksum. The checkpoint it
 * belongs to cannot be restored; recovery should fall back to an earlier retained checkpoint.
 */
public final class CorruptSnapshotException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String location;
    private final String problem;

    /**
     * @param location the file or blob that is damaged, as the user can find it (an absolute path for files)
     * @param problem what is wrong with it, e.g. "its CRC-32C checksum is ... but the checkpoint recorded ..."
     */
    public CorruptSnapshotException(String location, String problem) {
        super("Checkpoint file " + location + " is damaged: " + problem + ". The checkpoint it belongs to cannot be "
                + "restored; restore from an earlier retained checkpoint instead (keep several with "
                + "CheckpointConfig.setNumRetainedCheckpoints or flinkstream.checkpointing.retained), and check the "
                + "disk or mount the checkpoints are written to.");
        this.location = location;
        this.problem = problem;
    }

    /**
     * @param location the damaged file or blob
     * @param problem what is wrong with it
     * @param cause the error that revealed the damage, e.g. a JSON parse error
     */
    public CorruptSnapshotException(String location, String problem, Throwable cause) {
        this(location, problem);
        initCause(cause);
    }

    /** The damaged file or blob. */
    public String location() {
        return location;
    }

    /** What is wrong with it, e.g. "it does not exist". */
    public String problem() {
        return problem;
    }
}
