package io.flinkstream.runtime.job;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import io.flinkstream.api.JobStatus;
import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.FileSystemSnapshotStore;
import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.runtime.graph.JobGraph;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The job master's side of checkpoint storage, every blocking call on the snapshot dispatcher: finding the retained
 * checkpoint of an earlier run the job starts from, opening the job's own snapshot store when checkpointing first
 * starts (it is kept over restarts), reading its latest completed checkpoint before a restart, and closing it when the
 * job ends, keeping the retained checkpoints the job's final status calls for. The futures it returns are meant for
 * {@code pipeToSelf}; it holds no actor state beyond the store.
 */
final class JobCheckpointStorage {
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
     * The latest completed checkpoint under {@code path} (a {@code _metadata} file, a {@code chk-<n>} directory or a
     * job's checkpoint directory), whose store is registered as the job's restore store.
     */
    CompletableFuture<CheckpointMetadata> retained(String path) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Path metadataFile = FileSystemSnapshotStore.resolveLatest(Path.of(path))
                        .orElseThrow(() -> new IOException("it holds no completed checkpoint (no _metadata)"));
                registry.registerRestoreStore(graph.jobId(),
                        new FileSystemSnapshotStore(metadataFile.getParent().getParent()));
                return FileSystemSnapshotStore.readMetadataFile(metadataFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blockingIo());
    }

    /** The job's snapshot store, created and registered on the first call. */
    SnapshotStore open() throws IOException {
        if (snapshotStore == null) {
            snapshotStore = graph.checkpointing().backend().createSnapshotStore(graph.jobId());
            registry.registerSnapshotStore(graph.jobId(), snapshotStore);
        }
        return snapshotStore;
    }

    /** The latest completed checkpoint of the job's store, or null when there is none or no store was opened. */
    CompletableFuture<CheckpointMetadata> latest() {
        SnapshotStore store = snapshotStore;
        return CompletableFuture.supplyAsync(() -> {
            try {
                return store == null ? null : store.latest().orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blockingIo());
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
                LoggerFactory.getLogger(JobMaster.class).warn("Closing the snapshot store of job {} failed: {}",
                        graph.jobId(), e.toString());
            }
        }, blockingIo());
    }

    private Executor blockingIo() {
        return system.dispatchers().lookup(DispatcherSelector.fromConfig("flinkstream.snapshot-dispatcher"));
    }
}
