package io.flinkstream.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the checkpoint a restore can use: the newest of the candidates whose metadata and every blob are whole. A
 * damaged (flipped byte), truncated or missing file makes the search fall back to the next older candidate; each
 * damaged checkpoint is reported with its file, so that it is logged and not tried again. Candidates known to be
 * damaged are skipped without reading them.
 *
 * <pre>{@code
 * IntactCheckpointSearch.Result found = IntactCheckpointSearch.newestIntact(store.completedCheckpointIds(),
 *         knownDamaged, id -> IntactCheckpointSearch.verify(store, id));
 * }</pre>
 *
 * <p>The search itself is pure: the {@link Verifier} does the I/O, so it runs wherever the caller runs it (the job
 * master runs it on the snapshot dispatcher, before it deploys).
 */
public final class IntactCheckpointSearch {

    private IntactCheckpointSearch() {
    }

    /** Reads and checks one checkpoint; throws {@link CorruptSnapshotException} if any of its files is damaged. */
    @FunctionalInterface
    public interface Verifier {
        /**
         * @return the checkpoint's metadata, once every file checked out
         * @throws CorruptSnapshotException naming the first damaged file
         * @throws FileNotFoundException if the checkpoint no longer exists (discarded meanwhile)
         */
        CheckpointMetadata verify(long checkpointId) throws IOException;
    }

    /**
     * A checkpoint that cannot be restored, and why.
     *
     * @param checkpointId the checkpoint
     * @param location the damaged file (an absolute path for files)
     * @param problem what is wrong with it, e.g. "it does not exist"
     */
    public record DamagedCheckpoint(long checkpointId, String location, String problem) {
        /** @throws NullPointerException if {@code location} or {@code problem} is null */
        public DamagedCheckpoint {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(problem, "problem");
        }

        /** E.g. {@code checkpoint 3 (/ckpt/job/chk-3/v1-s0.keyed: it does not exist)}. */
        @Override
        public String toString() {
            return "checkpoint " + checkpointId + " (" + location + ": " + problem + ")";
        }
    }

    /**
     * What a search found.
     *
     * @param chosen the newest intact checkpoint, or null if there is none
     * @param damaged the damaged checkpoints found on the way, newest first (known ones skipped are not repeated)
     */
    public record Result(CheckpointMetadata chosen, List<DamagedCheckpoint> damaged) {
        /** Nothing to restore and nothing damaged: no candidate at all. */
        public static final Result NONE = new Result(null, List.of());

        /** Copies {@code damaged}. */
        public Result {
            damaged = List.copyOf(damaged);
        }

        /** Every damaged checkpoint, e.g. for the error when none is intact: {@code checkpoint 3 (...), ...}. */
        public String describeDamaged() {
            return damaged.stream().map(DamagedCheckpoint::toString).collect(Collectors.joining(", "));
        }
    }

    /**
     * The newest intact checkpoint of {@code newestFirst}, skipping those in {@code knownDamaged}.
     *
     * @throws IOException if verifying fails for another reason than damage (the store cannot be read at all)
     */
    public static Result newestIntact(List<Long> newestFirst, Set<Long> knownDamaged, Verifier verifier)
            throws IOException {
        List<DamagedCheckpoint> damaged = new ArrayList<>();
        for (long id : newestFirst) {
            if (knownDamaged.contains(id)) {
                continue;
            }
            try {
                return new Result(verifier.verify(id), damaged);
            } catch (CorruptSnapshotException e) {
                damaged.add(new DamagedCheckpoint(id, e.location(), e.problem()));
            } catch (FileNotFoundException e) {
                // Discarded between listing and reading: not damage, just no longer a candidate.
            }
        }
        return new Result(null, damaged);
    }

    /**
     * Reads checkpoint {@code checkpointId}'s metadata from {@code store} (which checks its own checksum) and checks
     * the size and checksum of every blob it lists, in one pass over each.
     */
    public static CheckpointMetadata verify(SnapshotStore store, long checkpointId) throws IOException {
        return verifyBlobs(store, store.readMetadata(checkpointId));
    }

    /** Checks the size and checksum of every blob {@code metadata} lists; returns {@code metadata}. */
    public static CheckpointMetadata verifyBlobs(SnapshotStore store, CheckpointMetadata metadata)
            throws IOException {
        for (StateHandle handle : metadata.allHandles()) {
            store.verify(handle);
        }
        return metadata;
    }
}
