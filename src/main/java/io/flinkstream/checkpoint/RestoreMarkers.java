package io.flinkstream.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Guards the retained checkpoints of a run against stale restores. A job started from checkpoint {@code n} of a
 * directory of retained checkpoints writes a marker {@code restored-by-<jobId>} there holding {@code n}; that job may
 * commit output (a two-phase-commit sink's files) of the records after {@code n}. Restoring an older checkpoint
 * {@code m < n} of the same directory would replay those records and commit them a second time, so it is refused,
 * naming the newer restore and what to restore instead. Restoring {@code n} again is allowed (a restore that failed
 * early is retried that way) and logged by the caller.
 *
 * <pre>
 * /ckpt/3f2a.../chk-1/  chk-2/  restored-by-9c41...   (holds "checkpoint=2")
 * </pre>
 */
public final class RestoreMarkers {
    /** The prefix of a marker's file name; the restoring job's id follows. */
    public static final String PREFIX = "restored-by-";

    private RestoreMarkers() {
    }

    /**
     * A job restored from checkpoint {@code checkpointId} of a directory.
     *
     * @param jobId the restoring job
     * @param checkpointId the checkpoint it restored from
     * @param file the marker file
     */
    public record Marker(String jobId, long checkpointId, Path file) {
    }

    /** The markers in {@code jobDir}; a marker that cannot be parsed is skipped. */
    public static List<Marker> read(Path jobDir) throws IOException {
        List<Marker> markers = new ArrayList<>();
        if (!Files.isDirectory(jobDir)) {
            return markers;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(jobDir, PREFIX + "*")) {
            for (Path file : files) {
                parse(file).ifPresent(markers::add);
            }
        }
        return markers;
    }

    private static Optional<Marker> parse(Path file) throws IOException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!content.startsWith("checkpoint=")) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(content.substring("checkpoint=".length()).trim());
            return Optional.of(new Marker(file.getFileName().toString().substring(PREFIX.length()), id, file));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Why restoring checkpoint {@code checkpointId} of {@code jobDir} as job {@code jobId} is refused, or empty if it
     * may go on: refused when another job already restored a newer checkpoint of that directory. Pure.
     */
    public static Optional<String> refusal(List<Marker> markers, String jobId, long checkpointId, Path jobDir) {
        return markers.stream()
                .filter(m -> !m.jobId().equals(jobId) && m.checkpointId() > checkpointId)
                .max(java.util.Comparator.comparingLong(Marker::checkpointId))
                .map(newer -> "checkpoint " + checkpointId + " of " + jobDir + " is older than checkpoint "
                        + newer.checkpointId() + ", which job " + newer.jobId() + " already restored from (marker "
                        + newer.file() + "). That job may have committed the output of the records after checkpoint "
                        + checkpointId + ", and restoring it would commit that output a second time. Restore the "
                        + "newer job's own retained checkpoints instead (or checkpoint " + newer.checkpointId()
                        + ", " + jobDir.resolve(SnapshotStore.checkpointScope(newer.checkpointId()))
                        + "); if that job's output was thrown away, delete the marker and restore again");
    }

    /** Writes (or replaces) job {@code jobId}'s marker in {@code jobDir}, atomically. */
    public static void write(Path jobDir, String jobId, long checkpointId) throws IOException {
        Path temp = jobDir.resolve("." + PREFIX + jobId + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(temp, "checkpoint=" + checkpointId + "\n", StandardCharsets.UTF_8);
            Files.move(temp, jobDir.resolve(PREFIX + jobId), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
