package io.flinkstream.runtime.job;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import io.flinkstream.api.JobStatus;
import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.FileSystemSnapshotStore;
import io.flinkstream.checkpoint.IntactCheckpointSearch;
import io.flinkstream.checkpoint.RestoreMarkers;
import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.runtime.graph.JobGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The job master's side of checkpoint storage, every blocking call on the snapshot dispatcher: finding the retained
 * checkpoint of an earlier run the job starts from, opening the job's own snapshot store when checkpointing first
 * starts (it is kept over restarts), finding its newest intact checkpoint before a restart, and closing it when the
 * job ends, keeping the retained checkpoints the job's final status calls for. The futures it returns are meant for
 * {@code pipeToSelf}; it holds no actor state beyond the store.
 */
final class JobCheckpointStorage {
    private static final Logger LOG = LoggerFactory.getLogger(JobCheckpointStorage.class);

    private final JobGraph graph;
    private final JobRegistry registry;
    private final ActorSystem<?> system;
    private SnapshotStore snapshotStore;

    JobCheckpointStorage(JobGraph graph, JobRegistry registry, ActorSystem<?> system) {
        this.graph = graph;
        this.registry = registry;
        this.system = system;
    }

    /**
     * The checkpoint under {@code path} the job starts from, whose store is registered as the job's restore store:
     * given a {@code _metadata} file or a {@code chk-<n>} directory, that checkpoint, if it is intact; given a job's
     * checkpoint directory, its newest intact checkpoint, falling back over damaged ones (logged at WARN).
     */
    CompletableFuture<CheckpointMetadata> retained(String path) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Path given = Path.of(path).toAbsolutePath().normalize();
                Path metadataFile = singleCheckpoint(given);
                Path jobDir = metadataFile != null ? metadataFile.getParent().getParent() : given;
                FileSystemSnapshotStore store = new FileSystemSnapshotStore(jobDir);
                CheckpointMetadata chosen = metadataFile != null
                        ? IntactCheckpointSearch.verifyBlobs(store, FileSystemSnapshotStore.readMetadataFile(
                                metadataFile))
                        : newestIntactIn(store);
                guardAgainstStaleRestore(jobDir, chosen.checkpointId());
                registry.registerRestoreStore(graph.jobId(), store);
                return chosen;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blockingIo());
    }

    /**
     * Refuses a restore of an older checkpoint than another job already restored from the same directory (it may have
     * committed their output), then marks this restore; see {@link RestoreMarkers}. A marker that cannot be written
     * (a read-only mount) is a warning: the restore itself is still right.
     */
    private void guardAgainstStaleRestore(Path jobDir, long checkpointId) throws IOException {
        List<RestoreMarkers.Marker> markers = RestoreMarkers.read(jobDir);
        Optional<String> refusal = RestoreMarkers.refusal(markers, graph.jobId(), checkpointId, jobDir);
        if (refusal.isPresent()) {
            throw new IOException(refusal.get());
        }
        markers.stream().filter(m -> m.checkpointId() == checkpointId && !m.jobId().equals(graph.jobId()))
                .forEach(m -> LOG.warn("Job '{}' restores checkpoint {} of {}, which job {} restored before: output "
                        + "that job committed after it is written again. Restore that job's own checkpoints "
                        + "instead if it got far", graph.jobName(), checkpointId, jobDir, m.jobId()));
        try {
            RestoreMarkers.write(jobDir, graph.jobId(), checkpointId);
        } catch (IOException e) {
            LOG.warn("Could not mark {} as restored from checkpoint {} by job {}: {}; a later restore of an older "
                    + "checkpoint there will not be refused", jobDir, checkpointId, graph.jobId(), e.toString());
        }
    }

    /** The metadata file when {@code path} names one checkpoint (its file or directory), else null. */
    private static Path singleCheckpoint(Path path) {
        if (Files.isRegularFile(path)) {
            return path;
        }
        Path own = path.resolve(SnapshotStore.METADATA_NAME);
        return Files.isRegularFile(own) ? own : null;
    }

    private CheckpointMetadata newestIntactIn(FileSystemSnapshotStore store) throws IOException {
        List<Long> ids = store.completedCheckpointIds();
        IntactCheckpointSearch.Result found = IntactCheckpointSearch.newestIntact(ids, Set.of(),
                id -> IntactCheckpointSearch.verify(store, id));
        logFallback(found, "starts");
        if (found.chosen() != null) {
            return found.chosen();
        }
        if (found.damaged().isEmpty()) {
            throw new IOException("it holds no completed checkpoint (no _metadata)");
        }
        throw new IOException("none of its completed checkpoints is intact: " + found.describeDamaged()
                + "; restore an intact copy of one of them, or start the job without a checkpoint");
    }

    /**
     * The newest intact checkpoint of the job's own store, skipping {@code knownDamaged}; every damaged one found is
     * logged at WARN and returned, so the caller marks it. {@link IntactCheckpointSearch.Result#NONE} when no store
     * was opened.
     */
    CompletableFuture<IntactCheckpointSearch.Result> newestIntact(Set<Long> knownDamaged) {
        SnapshotStore store = snapshotStore;
        Set<Long> skip = Set.copyOf(knownDamaged);
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (store == null) {
                    return IntactCheckpointSearch.Result.NONE;
                }
                IntactCheckpointSearch.Result found = IntactCheckpointSearch.newestIntact(
                        store.completedCheckpointIds(), skip, id -> IntactCheckpointSearch.verify(store, id));
                logFallback(found, "restarts");
                return found;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blockingIo());
    }

    private void logFallback(IntactCheckpointSearch.Result found, String verb) {
        for (IntactCheckpointSearch.DamagedCheckpoint damaged : found.damaged()) {
            LOG.warn("Checkpoint {} of job '{}' cannot be restored: file {} is damaged ({}); {}",
                    damaged.checkpointId(), graph.jobName(), damaged.location(), damaged.problem(),
                    found.chosen() == null ? "no older checkpoint is intact"
                            : "the job " + verb + " from checkpoint " + found.chosen().checkpointId() + " instead");
        }
    }

    /**
     * What a job resuming after the loss of its master finds in its own store.
     *
     * @param found the newest intact completed checkpoint, and damaged ones skipped
     * @param highestCheckpointId the highest checkpoint id found on storage, completed or pending; -1 if none
     */
    record Resumption(IntactCheckpointSearch.Result found, long highestCheckpointId) {
    }

    /**
     * Opens the job's store and, off the actor, aborts the checkpoints that were pending when the previous master
     * was lost (removing their {@code chk-<id>} directories, which no completed checkpoint references), then finds
     * the newest intact completed checkpoint to resume from.
     */
    CompletableFuture<Resumption> resume() {
        SnapshotStore store;
        try {
            store = open();
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                long highest = -1;
                if (store instanceof FileSystemSnapshotStore files) {
                    for (long pending : files.pendingCheckpointIds()) {
                        LOG.info("Job '{}' ({}) resumes: aborting checkpoint {}, pending when its job master was "
                                + "lost, and removing its files", graph.jobName(), graph.jobId(), pending);
                        highest = Math.max(highest, pending);
                        files.discard(pending);
                    }
                }
                List<Long> completed = store.completedCheckpointIds();
                for (long id : completed) {
                    highest = Math.max(highest, id);
                }
                IntactCheckpointSearch.Result found = IntactCheckpointSearch.newestIntact(completed, Set.of(),
                        id -> IntactCheckpointSearch.verify(store, id));
                logFallback(found, "resumes");
                return new Resumption(found, highest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blockingIo());
    }

    /** Where the metadata of completed checkpoint {@code checkpointId} is: a file path for a file store. */
    String locationOf(long checkpointId) {
        if (snapshotStore instanceof FileSystemSnapshotStore files) {
            return files.directory().resolve(SnapshotStore.checkpointScope(checkpointId))
                    .resolve(SnapshotStore.METADATA_NAME).toString();
        }
        return "checkpoint " + checkpointId + " of " + snapshotStore;
    }

    /** The job's snapshot store, created and registered on the first call. */
    SnapshotStore open() throws IOException {
        if (snapshotStore == null) {
            snapshotStore = graph.checkpointing().backend().createSnapshotStore(graph.jobId());
            registry.registerSnapshotStore(graph.jobId(), snapshotStore);
        }
        return snapshotStore;
    }

    /**
     * Retained checkpoints outlive a failed job (to restart from) and, if configured, a cancelled one; a finished
     * job's are deleted.
     */
    void close(JobStatus finalStatus) {
        if (snapshotStore == null) {
            return;
        }
        boolean keep = finalStatus == JobStatus.FAILED
                || finalStatus == JobStatus.CANCELED && graph.checkpointing().config().isRetainedOnCancellation();
        SnapshotStore store = snapshotStore;
        snapshotStore = null;
        CompletableFuture.runAsync(() -> {
            try (store) {
                // Keep the newest retained checkpoints (or none): this also removes one that completed in storage
                // while the coordinator was being stopped.
                int retained = keep ? graph.checkpointing().config().getNumRetainedCheckpoints() : 0;
                List<Long> ids = store.completedCheckpointIds();
                for (long id : ids.subList(Math.min(retained, ids.size()), ids.size())) {
                    store.discard(id);
                }
            } catch (Exception e) {
                LOG.warn("Closing the snapshot store of job {} failed: {}",
                        graph.jobId(), e.toString());
            }
        }, blockingIo());
    }

    private Executor blockingIo() {
        return system.dispatchers().lookup(DispatcherSelector.fromConfig("flinkstream.snapshot-dispatcher"));
    }
}
