package io.flinkstream.runtime.task;

import akka.actor.typed.ActorRef;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import io.flinkstream.api.SubtaskCheckpointStats;
import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.checkpoint.StateHandle;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobVertex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The checkpoint side of one subtask attempt, for its actor. The blocking I/O — reading the state to restore, and
 * writing each {@link TaskSnapshot} the task captured — runs on the snapshot dispatcher and comes back to the actor
 * as a message; the restored state waits here until the task is built. It also says how the subtask answers a
 * trigger, and speaks to the checkpoint coordinator: acknowledging a written snapshot or declining a failed one,
 * acknowledging with empty state when nothing is left to capture, and telling it a source's data ended. Used on the
 * actor's thread only.
 */
final class SubtaskCheckpointing implements StreamTask.SnapshotListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SubtaskCheckpointing.class);
    /** What writing one snapshot came to: its handles and timings, or the error. */
    record Outcome(long checkpointId, List<StateHandle> handles, SubtaskCheckpointStats stats, Throwable error) {
        static Outcome failed(long checkpointId, Throwable error) {
            return new Outcome(checkpointId, List.of(), null, error);
        }
    }

    /** How a subtask answers a checkpoint trigger of its attempt, by where the attempt stands. */
    enum TriggerAnswer {
        /** Not started yet: take the checkpoint once it runs. */
        LATER,
        /**
         * Failed or cancelled: an empty state would claim input never processed, and a restore from it would lose
         * that input. Stay silent; this attempt's checkpoint cannot complete.
         */
        SILENCE,
        /**
         * Nothing left to read, so an empty state is this subtask's exact position. Either it finished, or the
         * source's final checkpoint completed and its end of partition is queued (perhaps behind batches waiting for
         * credit), where a barrier would trail the end: downstream counts the ended channel as having delivered this
         * barrier.
         */
        EMPTY_STATE,
        /** Running: capture the state now and send the barrier on. */
        CAPTURE;

        /**
         * @param running a task runs: started, and not finished, failed or cancelled
         * @param finished the attempt is over: finished, failed or cancelled
         * @param endedInput the attempt finished by reaching the end of its input
         * @param ending the running task sent its end of partition
         */
        static TriggerAnswer of(boolean running, boolean finished, boolean endedInput, boolean ending) {
            if (running) {
                return ending ? EMPTY_STATE : CAPTURE;
            }
            if (!finished) {
                return LATER;
            }
            return endedInput ? EMPTY_STATE : SILENCE;
        }
    }

    private final SubtaskActor.Deploy deployment;
    private final JobLookup registry;
    private final ActorContext<SubtaskActor.Command> context;
    private final Function<Outcome, SubtaskActor.Command> written;
    /** Where acknowledgements go; null before {@code Start} and when checkpointing is off. */
    private ActorRef<CheckpointReport> coordinator;
    /** Snapshot writes not reported yet, by checkpoint id. */
    private final java.util.Map<Long, CompletableFuture<Outcome>> writing = new java.util.HashMap<>();
    /** The attempt has stopped: nothing more is reported, and writes still running are discarded. */
    private boolean abandoned;
    private RestoredState restored;

    /** @param written the message that brings the outcome of writing a snapshot back to the actor */
    SubtaskCheckpointing(SubtaskActor.Deploy deployment, JobLookup registry,
                         ActorContext<SubtaskActor.Command> context, Function<Outcome, SubtaskActor.Command> written) {
        this.deployment = deployment;
        this.registry = registry;
        this.context = context;
        this.written = written;
    }

    private Executor snapshotDispatcher() {
        return context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(
                "flinkstream.snapshot-dispatcher"));
    }

    /** The attempt started with {@code coordinator}, null when checkpointing is off. */
    void started(ActorRef<CheckpointReport> coordinator) {
        this.coordinator = coordinator;
    }

    /** Reads this subtask's state in the checkpoint the deployment restores from. */
    CompletableFuture<RestoredState> readRestoredState() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                SnapshotStore store = registry.storeFor(deployment.jobId(), deployment.restoreCheckpointId());
                JobLookup.DeployedJob job = registry.get(deployment.jobId());
                ClassLoader classLoader = job != null ? job.classLoader() : getClass().getClassLoader();
                if (job == null) {
                    throw new IOException("Job " + deployment.jobId() + " is not registered on this node");
                }
                return RestoredState.read(store, deployment.restoreCheckpointId(), job.graph(), deployment.vertex(),
                        deployment.subtask(), classLoader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, snapshotDispatcher());
    }

    /** Keeps the state read, for the task. */
    void restored(RestoredState state) {
        restored = state;
    }

    /** The state read, or null when the attempt starts fresh; given once, to the task. */
    RestoredState takeRestored() {
        RestoredState state = restored;
        restored = null;
        return state;
    }

    /** The failure of the subtask whose restored state could not be read because of {@code error}. */
    IllegalStateException restoreFailed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return new IllegalStateException("Could not read the state of checkpoint "
                + deployment.restoreCheckpointId() + ": " + cause.getMessage(), cause);
    }

    /** Serializes and writes the captured state on the snapshot dispatcher while the subtask goes on. */
    void write(TaskSnapshot snapshot) {
        JobLookup.DeployedJob job = registry.get(deployment.jobId());
        SnapshotStore store = registry.snapshotStore(deployment.jobId());
        String taskKey = JobGraph.taskKey(deployment.vertex(), deployment.subtask());
        JobVertex vertex = job == null ? null : job.graph().vertex(deployment.vertex());
        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                List<StateHandle> handles = SnapshotWriter.write(store, snapshot, taskKey, vertex,
                        deployment.subtask());
                long bytes = handles.stream().mapToLong(StateHandle::size).sum();
                return new Outcome(snapshot.checkpointId(), handles, new SubtaskCheckpointStats(snapshot.syncNanos(),
                        System.nanoTime() - start, snapshot.alignmentNanos(), bytes), null);
            } catch (Exception e) {
                return Outcome.failed(snapshot.checkpointId(), e);
            }
        }, snapshotDispatcher());
        writing.put(snapshot.checkpointId(), outcome);
        context.pipeToSelf(outcome, (result, error) -> written.apply(result != null ? result
                : Outcome.failed(snapshot.checkpointId(), error)));
        if (job == null || store == null) {
            context.getLog().warn("Subtask {} has no snapshot store for checkpoint {}", taskKey,
                    snapshot.checkpointId());
        }
    }

    @Override
    public void onSnapshot(TaskSnapshot snapshot) {
        write(snapshot);
    }

    /** Declines a checkpoint the subtask gave up, so the coordinator ends it now rather than at its timeout. */
    @Override
    public void onCancelled(long checkpointId, String reason) {
        if (coordinator != null) {
            coordinator.tell(new CheckpointReport.Declined(deployment.vertex(), deployment.subtask(),
                    deployment.attempt(), checkpointId, reason));
        }
    }

    /** Acknowledges a written snapshot to the coordinator, or declines a failed one. */
    void report(Outcome outcome) {
        writing.remove(outcome.checkpointId());
        if (coordinator == null || abandoned) {
            return;
        }
        if (outcome.error() != null) {
            coordinator.tell(new CheckpointReport.Declined(deployment.vertex(), deployment.subtask(),
                    deployment.attempt(), outcome.checkpointId(), String.valueOf(outcome.error())));
        } else {
            coordinator.tell(new CheckpointReport.Acknowledged(deployment.vertex(),
                    deployment.subtask(), deployment.attempt(), outcome.checkpointId(), outcome.handles(),
                    outcome.stats()));
        }
    }

    /**
     * The attempt stops (cancelled, failed, released, or replaced by a new one): its snapshots still being written
     * will never be acknowledged, so their checkpoints cannot complete. Each is discarded once its write has landed —
     * in this node's store, which remembers the discard, so a write landing later deletes itself. The coordinator
     * discards them too, but in its own node's store: a write landing here after that, from a subtask whose actor is
     * gone, would otherwise leave its files in a checkpoint folder nobody owns any more.
     */
    void abandon() {
        abandoned = true;
        SnapshotStore store = registry.snapshotStore(deployment.jobId());
        if (store == null) {
            writing.clear();
            return;
        }
        writing.forEach((checkpointId, outcome) -> outcome.whenCompleteAsync((result, error) -> {
            try {
                store.discard(checkpointId);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not discard checkpoint {} of job {}, written by a stopped "
                        + "subtask: {}", checkpointId, deployment.jobId(), e.toString());
            }
        }, snapshotDispatcher()));
        writing.clear();
    }

    /** Acknowledges {@code trigger} with empty state: this subtask has nothing left to read. */
    void acknowledgeEmpty(SubtaskActor.TriggerCheckpoint trigger) {
        trigger.coordinator().tell(new CheckpointReport.Acknowledged(deployment.vertex(),
                deployment.subtask(), deployment.attempt(), trigger.checkpointId(), List.of(),
                new SubtaskCheckpointStats(0, 0, 0, 0)));
    }

    /** Tells the coordinator this source subtask has read all its input. */
    void sourceDataEnded() {
        coordinator.tell(new CheckpointReport.SourceDataEnded(deployment.vertex(), deployment.subtask(),
                deployment.attempt()));
    }
}
