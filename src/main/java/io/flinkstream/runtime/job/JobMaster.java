package io.flinkstream.runtime.job;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.ShardingEnvelope;
import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.JobCancellationException;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.JobMetrics;
import io.flinkstream.api.JobStatus;
import io.flinkstream.runtime.WireMessage;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.runtime.task.SubtaskActor;
import io.flinkstream.runtime.task.TaskMetrics;

import akka.actor.typed.DispatcherSelector;
import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.FileSystemSnapshotStore;
import io.flinkstream.checkpoint.RestartBackoff;
import io.flinkstream.checkpoint.SnapshotStore;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One actor per job: deploys every subtask through Cluster Sharding, wires them once all are deployed, watches them,
 * and ends the job when all finished, one failed, or cancellation was asked. One behaviour per state:
 * {@code deploying}, {@code running}, {@code terminating}. The job's result completes only after every subtask
 * actor has stopped, so an ended job leaves no actor behind.
 */
public final class JobMaster {

    /** Messages the job master understands. */
    public sealed interface Command {
    }

    /** A subtask is ready for attempt {@code attempt}. */
    public record SubtaskDeployed(int vertex, int subtask, int attempt, ActorRef<SubtaskActor.Command> ref)
            implements Command, WireMessage {
    }

    /** A subtask processed all its input and closed its operators. */
    public record SubtaskFinished(int vertex, int subtask, int attempt, TaskMetrics metrics)
            implements Command, WireMessage {
    }

    /** A subtask failed in {@code operator}. The cause is a local object for now: jobs run on one node. */
    public record SubtaskFailed(int vertex, int subtask, int attempt, String operator, Throwable cause)
            implements Command {
    }

    /** A subtask's periodic counters. */
    public record MetricsReported(int vertex, int subtask, int attempt, TaskMetrics metrics)
            implements Command, WireMessage {
    }

    /** Cancel the job; answered as soon as cancellation has begun. */
    public record CancelJob(ActorRef<Done> replyTo) implements Command, WireMessage {
    }

    /** Ask for the job's status. */
    public record GetStatus(ActorRef<JobStatus> replyTo) implements Command, WireMessage {
    }

    /** Ask for the job's counters. */
    public record GetMetrics(ActorRef<JobMetrics> replyTo) implements Command, WireMessage {
    }

    /** Checkpoints failed more often in a row than tolerated. */
    public record CheckpointingFailed(int attempt, String message) implements Command, WireMessage {
    }

    /** A checkpoint completed or failed: its statistics. */
    public record CheckpointEnded(CheckpointStats stats) implements Command, WireMessage {
    }

    /** The coordinator used checkpoint id {@code checkpointId}; a later attempt's ids continue after it. */
    public record CheckpointTriggered(int attempt, long checkpointId) implements Command, WireMessage {
    }

    private record SubtaskTerminated(int attempt, int vertex, int subtask) implements Command {
    }

    private enum CoordinatorStopped implements Command { INSTANCE }

    private record RestorePointChosen(CheckpointMetadata checkpoint, Throwable error) implements Command {
    }

    private enum Timeout implements Command { DEPLOY, STOP, RESTART }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final JobGraph graph;
    private final JobRegistry registry;
    private final ActorRef<ShardingEnvelope<SubtaskActor.Command>> region;
    private final CompletableFuture<JobExecutionResult> result;
    private final CompletableFuture<JobMetrics> finalMetrics;
    private final JobMasterSettings settings;
    private SubtaskTracker tracker;
    private final RestartBackoff backoff;
    private int attempt;
    private CheckpointMetadata restorePoint;
    private long highestCheckpointId;
    private final java.util.Map<Long, CheckpointStats> checkpointStats = new java.util.TreeMap<>();
    private final Instant submitted = Instant.now();
    private JobStatus status = JobStatus.CREATED;
    private ActorRef<CheckpointCoordinator.Command> coordinator;
    private SnapshotStore snapshotStore;
    private boolean coordinatorStopping;
    private Throwable failure;

    private JobMaster(ActorContext<Command> context, TimerScheduler<Command> timers, JobGraph graph,
                      JobRegistry registry, ActorRef<ShardingEnvelope<SubtaskActor.Command>> region,
                      CompletableFuture<JobExecutionResult> result, CompletableFuture<JobMetrics> finalMetrics,
                      JobMasterSettings settings) {
        this.context = context;
        this.timers = timers;
        this.graph = graph;
        this.registry = registry;
        this.region = region;
        this.result = result;
        this.finalMetrics = finalMetrics;
        this.settings = settings;
        this.tracker = new SubtaskTracker(graph);
        this.backoff = new RestartBackoff(graph.checkpointing().restartStrategy());
    }

    /**
     * Settings of the job master.
     *
     * @param deployTimeout how long deployment may take before the job fails
     * @param stopTimeout how long subtasks may take to stop once told to
     */
    public record JobMasterSettings(Duration deployTimeout, Duration stopTimeout) {
    }

    /**
     * A job master that deploys {@code graph} at once. When the job ends it completes {@code finalMetrics} with the
     * last counters, then {@code result}.
     */
    public static Behavior<Command> create(JobGraph graph, JobRegistry registry,
                                           ActorRef<ShardingEnvelope<SubtaskActor.Command>> region,
                                           CompletableFuture<JobExecutionResult> result,
                                           CompletableFuture<JobMetrics> finalMetrics, JobMasterSettings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new JobMaster(ctx, timers, graph, registry, region, result, finalMetrics, settings).start()));
    }

    /** Deploys at once, or first finds the retained checkpoint of an earlier run the job starts from. */
    private Behavior<Command> start() {
        String path = graph.checkpointing().restorePath();
        if (path == null) {
            return deploy();
        }
        CompletableFuture<CheckpointMetadata> found = CompletableFuture.supplyAsync(() -> {
            try {
                java.nio.file.Path metadataFile = FileSystemSnapshotStore.resolveLatest(java.nio.file.Path.of(path))
                        .orElseThrow(() -> new IOException("it holds no completed checkpoint (no _metadata)"));
                registry.registerRestoreStore(graph.jobId(),
                        new FileSystemSnapshotStore(metadataFile.getParent().getParent()));
                return FileSystemSnapshotStore.readMetadataFile(metadataFile);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("flinkstream.snapshot-dispatcher")));
        context.pipeToSelf(found, RestorePointChosen::new);
        return Behaviors.receive(Command.class)
                .onMessage(RestorePointChosen.class, chosen -> {
                    if (chosen.error() != null) {
                        Throwable cause = chosen.error().getCause() != null ? chosen.error().getCause()
                                : chosen.error();
                        failure = new JobExecutionException(graph.jobId(), "Job '" + graph.jobName()
                                + "' cannot start from checkpoint '" + path + "': " + cause.getMessage()
                                + ". Give the _metadata file or chk-<n> directory of a completed checkpoint, or the "
                                + "job's checkpoint directory for its latest one", cause);
                        context.getLog().error(failure.getMessage());
                        registry.unregister(graph.jobId());
                        finalMetrics.complete(jobMetrics());
                        result.completeExceptionally(failure);
                        return Behaviors.stopped();
                    }
                    restorePoint = chosen.checkpoint();
                    highestCheckpointId = restorePoint.checkpointId();
                    return deploy();
                })
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(GetMetrics.class, this::onGetMetrics)
                .onMessage(CancelJob.class, c -> {
                    c.replyTo().tell(Done.getInstance());
                    failure = new JobCancellationException(graph.jobId(), "Job '" + graph.jobName()
                            + "' was cancelled");
                    registry.unregister(graph.jobId());
                    finalMetrics.complete(jobMetrics());
                    result.completeExceptionally(failure);
                    return Behaviors.stopped();
                })
                .build();
    }

    private Behavior<Command> deploy() {
        context.getLog().info("Job '{}' ({}) attempt {}: deploying {} subtasks in {} vertices{}", graph.jobName(),
                graph.jobId(), attempt, graph.subtaskCount(), graph.vertices().size(),
                restorePoint == null ? "" : " from checkpoint " + restorePoint.checkpointId());
        long restoreId = restorePoint == null ? -1 : restorePoint.checkpointId();
        for (JobVertex vertex : graph.vertices()) {
            for (int s = 0; s < vertex.parallelism(); s++) {
                String entityId = SubtaskActor.entityId(graph.jobId(), vertex.id(), s);
                region.tell(new ShardingEnvelope<>(entityId,
                        new SubtaskActor.Deploy(graph.jobId(), vertex.id(), s, attempt, context.getSelf(), restoreId)));
            }
        }
        timers.startSingleTimer(Timeout.DEPLOY, settings.deployTimeout());
        return deploying();
    }

    private Behavior<Command> deploying() {
        return Behaviors.receive(Command.class)
                .onMessage(SubtaskDeployed.class, this::onDeployed)
                .onMessage(SubtaskFailed.class, this::onFailed)
                .onMessage(SubtaskTerminated.class, t -> onUnexpectedStop(t))
                .onMessage(MetricsReported.class, m -> Behaviors.same())
                .onMessage(CancelJob.class, this::onCancel)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(GetMetrics.class, this::onGetMetrics)
                .onMessageEquals(Timeout.DEPLOY, () -> fail("Job '" + graph.jobName() + "' could not deploy its "
                        + "subtasks within " + settings.deployTimeout().toSeconds() + " s: check that the node is Up "
                        + "and Cluster Sharding is running (see the log)", null))
                .build();
    }

    private Behavior<Command> onDeployed(SubtaskDeployed deployed) {
        if (deployed.attempt() != attempt || !tracker.deployed(deployed.vertex(), deployed.subtask(), deployed.ref())) {
            return Behaviors.same();
        }
        context.watchWith(deployed.ref(), new SubtaskTerminated(attempt, deployed.vertex(), deployed.subtask()));
        if (!tracker.allDeployed()) {
            return Behaviors.same();
        }
        timers.cancel(Timeout.DEPLOY);
        if (graph.checkpointing().enabled()) {
            try {
                startCheckpointing();
            } catch (IOException | RuntimeException e) {
                return fail("Job '" + graph.jobName() + "' cannot take checkpoints: its state backend could not "
                        + "open its snapshot store: " + e.getMessage(), e);
            }
        }
        SubtaskActor.Start start = new SubtaskActor.Start(attempt, tracker.refsByVertex(), coordinator);
        tracker.deployedSubtasks().forEach(s -> s.ref().tell(start));
        status = JobStatus.RUNNING;
        context.getLog().info("Job '{}' ({}) is RUNNING", graph.jobName(), graph.jobId());
        return running();
    }

    private void startCheckpointing() throws IOException {
        if (snapshotStore == null) {
            snapshotStore = graph.checkpointing().backend().createSnapshotStore(graph.jobId());
            registry.registerSnapshotStore(graph.jobId(), snapshotStore);
        }
        coordinator = context.spawn(CheckpointCoordinator.create(graph, attempt, tracker.refsByVertex(),
                snapshotStore, context.getSelf(), Clock.systemUTC(), highestCheckpointId, restorePoint),
                "checkpoint-coordinator-" + attempt);
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(CheckpointingFailed.class, f -> f.attempt() == attempt
                        ? fail("Job '" + graph.jobName() + "' failed: " + f.message(), null) : Behaviors.same())
                .onMessage(CheckpointEnded.class, e -> {
                    checkpointStats.put(e.stats().checkpointId(), e.stats());
                    return Behaviors.same();
                })
                .onMessage(CheckpointTriggered.class, t -> {
                    highestCheckpointId = Math.max(highestCheckpointId, t.checkpointId());
                    return Behaviors.same();
                })
                .onMessage(SubtaskFinished.class, this::onFinished)
                .onMessage(SubtaskFailed.class, this::onFailed)
                .onMessage(SubtaskTerminated.class, this::onUnexpectedStop)
                .onMessage(MetricsReported.class, this::onMetrics)
                .onMessage(CancelJob.class, this::onCancel)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(GetMetrics.class, this::onGetMetrics)
                .build();
    }

    private Behavior<Command> onFinished(SubtaskFinished finished) {
        if (finished.attempt() != attempt) {
            return Behaviors.same();
        }
        tracker.finished(finished.vertex(), finished.subtask(), finished.metrics());
        if (coordinator != null) {
            coordinator.tell(new CheckpointCoordinator.SubtaskFinishedNotice(finished.vertex(), finished.subtask()));
        }
        if (!tracker.allFinished()) {
            return Behaviors.same();
        }
        return terminate(JobStatus.FINISHED, new SubtaskActor.Release(attempt));
    }

    private Behavior<Command> onMetrics(MetricsReported reported) {
        if (reported.attempt() == attempt) {
            tracker.reported(reported.vertex(), reported.subtask(), reported.metrics());
        }
        return Behaviors.same();
    }

    private Behavior<Command> onFailed(SubtaskFailed failed) {
        if (failed.attempt() != attempt) {
            return Behaviors.same();
        }
        JobVertex vertex = graph.vertex(failed.vertex());
        return fail("Job '" + graph.jobName() + "' failed: operator '" + failed.operator() + "' (subtask "
                + (failed.subtask() + 1) + "/" + vertex.parallelism() + ") threw " + failed.cause(), failed.cause());
    }

    private Behavior<Command> onUnexpectedStop(SubtaskTerminated stopped) {
        if (stopped.attempt() != attempt) {
            return Behaviors.same();
        }
        tracker.terminated(stopped.vertex(), stopped.subtask());
        if (tracker.isFinished(stopped.vertex(), stopped.subtask())) {
            return Behaviors.same();
        }
        JobVertex vertex = graph.vertex(stopped.vertex());
        return fail("Job '" + graph.jobName() + "' failed: the actor of '" + vertex.name() + "' (subtask "
                + (stopped.subtask() + 1) + "/" + vertex.parallelism() + ") stopped unexpectedly", null);
    }

    /** A failure of the current attempt: restart per the restart strategy, or fail the job with this cause. */
    private Behavior<Command> fail(String message, Throwable cause) {
        RestartBackoff.Decision decision = backoff.onFailure(Instant.now());
        if (decision instanceof RestartBackoff.Restart restart) {
            context.getLog().warn("{}; restarting (restart {}) in {} ms from the latest completed checkpoint",
                    message, restart.attempt(), restart.delay().toMillis());
            context.getLog().debug("Cause of the restart", cause);
            return restart(restart.delay());
        }
        String reason = ((RestartBackoff.GiveUp) decision).reason();
        failure = new JobExecutionException(graph.jobId(), message, cause);
        context.getLog().error("{} ({})", message, reason, cause);
        return terminate(JobStatus.FAILED, new SubtaskActor.Cancel(attempt));
    }

    /** Stops every subtask of this attempt, picks the latest completed checkpoint, and deploys the next attempt. */
    private Behavior<Command> restart(Duration delay) {
        stopCoordinator();
        status = JobStatus.RESTARTING;
        stopSubtasks(new SubtaskActor.Cancel(attempt));
        if (attemptStopped()) {
            return chooseRestorePoint(delay);
        }
        return stopping(() -> chooseRestorePoint(delay), this::onCancel);
    }

    private Behavior<Command> chooseRestorePoint(Duration delay) {
        timers.cancel(Timeout.STOP);
        SnapshotStore store = snapshotStore;
        CompletableFuture<CheckpointMetadata> latest = CompletableFuture.supplyAsync(() -> {
            try {
                return store == null ? null : store.latest().orElse(null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("flinkstream.snapshot-dispatcher")));
        context.pipeToSelf(latest, RestorePointChosen::new);
        return Behaviors.receive(Command.class)
                .onMessage(RestorePointChosen.class, chosen -> {
                    if (chosen.error() != null) {
                        failure = new JobExecutionException(graph.jobId(), "Job '" + graph.jobName()
                                + "' cannot restart: its checkpoints could not be read: " + chosen.error(),
                                chosen.error());
                        return terminate(JobStatus.FAILED, new SubtaskActor.Cancel(attempt));
                    }
                    if (chosen.checkpoint() != null) {
                        restorePoint = chosen.checkpoint();
                    }
                    timers.startSingleTimer(Timeout.RESTART, delay);
                    return Behaviors.same();
                })
                .onMessageEquals(Timeout.RESTART, () -> {
                    attempt++;
                    tracker = new SubtaskTracker(graph);
                    status = JobStatus.CREATED;
                    return deploy();
                })
                .onMessage(CancelJob.class, this::onCancel)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(GetMetrics.class, this::onGetMetrics)
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    /**
     * Asks the coordinator to stop once no checkpoint metadata is being written, so a checkpoint completing in
     * storage is always seen (and its subsumed ones deleted) before the job restarts or ends.
     */
    private void stopCoordinator() {
        if (coordinator != null) {
            context.watchWith(coordinator, CoordinatorStopped.INSTANCE);
            coordinator.tell(CheckpointCoordinator.Drain.INSTANCE);
            coordinatorStopping = true;
            coordinator = null;
        }
    }

    /** Every subtask of the attempt and the coordinator have stopped. */
    private boolean attemptStopped() {
        return tracker.noneAlive() && tracker.allDeployed() && !coordinatorStopping;
    }

    private void stopSubtasks(SubtaskActor.Command stop) {
        tracker.deployedSubtasks().forEach(s -> s.ref().tell(stop));
        // Subtasks whose Deploy is still on its way are told by id, so none is left waiting for a Start.
        if (!tracker.allDeployed()) {
            for (JobVertex vertex : graph.vertices()) {
                for (int s = 0; s < vertex.parallelism(); s++) {
                    region.tell(new ShardingEnvelope<>(SubtaskActor.entityId(graph.jobId(), vertex.id(), s), stop));
                }
            }
        }
        timers.startSingleTimer(Timeout.STOP, settings.stopTimeout());
    }

    private Behavior<Command> onCancel(CancelJob cancel) {
        cancel.replyTo().tell(Done.getInstance());
        failure = new JobCancellationException(graph.jobId(), "Job '" + graph.jobName() + "' was cancelled");
        context.getLog().info("Job '{}' ({}) is being cancelled", graph.jobName(), graph.jobId());
        return terminate(JobStatus.CANCELED, new SubtaskActor.Cancel(attempt));
    }

    private Behavior<Command> onGetStatus(GetStatus get) {
        get.replyTo().tell(status);
        return Behaviors.same();
    }

    private JobMetrics jobMetrics() {
        return tracker.jobMetrics(List.copyOf(checkpointStats.values()), attempt);
    }

    private Behavior<Command> onGetMetrics(GetMetrics get) {
        get.replyTo().tell(jobMetrics());
        return Behaviors.same();
    }

    /** Tells every subtask to go and waits until all have stopped. */
    private Behavior<Command> terminate(JobStatus finalStatus, SubtaskActor.Command stop) {
        timers.cancel(Timeout.DEPLOY);
        timers.cancel(Timeout.RESTART);
        stopCoordinator();
        status = switch (finalStatus) {
            case FAILED -> JobStatus.FAILING;
            case CANCELED -> JobStatus.CANCELLING;
            default -> JobStatus.RUNNING;
        };
        stopSubtasks(stop);
        if (attemptStopped()) {
            return complete(finalStatus);
        }
        return terminating(finalStatus);
    }

    private Behavior<Command> terminating(JobStatus finalStatus) {
        return stopping(() -> complete(finalStatus), cancel -> {
            cancel.replyTo().tell(Done.getInstance());
            return Behaviors.same();
        });
    }

    /**
     * Waits until every subtask of the attempt and the coordinator have stopped (or the stop timeout passed), then
     * becomes {@code whenStopped}: before a restart and before the job ends.
     */
    private Behavior<Command> stopping(java.util.function.Supplier<Behavior<Command>> whenStopped,
                                       java.util.function.Function<CancelJob, Behavior<Command>> onCancelJob) {
        return Behaviors.receive(Command.class)
                .onMessage(SubtaskTerminated.class, t -> {
                    if (t.attempt() == attempt) {
                        tracker.terminated(t.vertex(), t.subtask());
                    }
                    return attemptStopped() ? whenStopped.get() : Behaviors.same();
                })
                .onMessageEquals(CoordinatorStopped.INSTANCE, () -> {
                    coordinatorStopping = false;
                    return attemptStopped() ? whenStopped.get() : Behaviors.same();
                })
                .onMessage(CheckpointEnded.class, e -> {
                    checkpointStats.put(e.stats().checkpointId(), e.stats());
                    return Behaviors.same();
                })
                .onMessage(SubtaskDeployed.class, d -> {
                    // Its Deploy was still on the way when the attempt was stopped.
                    if (d.attempt() == attempt && tracker.deployed(d.vertex(), d.subtask(), d.ref())) {
                        context.watchWith(d.ref(), new SubtaskTerminated(attempt, d.vertex(), d.subtask()));
                        d.ref().tell(new SubtaskActor.Cancel(attempt));
                    }
                    return Behaviors.same();
                })
                .onMessage(MetricsReported.class, this::onMetrics)
                .onMessage(SubtaskFinished.class, f -> {
                    tracker.finished(f.vertex(), f.subtask(), f.metrics());
                    return Behaviors.same();
                })
                .onMessage(CancelJob.class, onCancelJob::apply)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(GetMetrics.class, this::onGetMetrics)
                .onMessageEquals(Timeout.STOP, () -> {
                    context.getLog().warn("Job '{}': some subtasks did not stop within {}; going on anyway",
                            graph.jobName(), settings.stopTimeout());
                    return whenStopped.get();
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    /**
     * Retained checkpoints outlive a failed job (to restart from) and, if configured, a cancelled one; a finished
     * job's are deleted.
     */
    private void closeSnapshotStore(JobStatus finalStatus) {
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
        }, context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("flinkstream.snapshot-dispatcher")));
    }

    private Behavior<Command> complete(JobStatus finalStatus) {
        status = finalStatus;
        registry.unregister(graph.jobId());
        Duration runtime = Duration.between(submitted, Instant.now());
        context.getLog().info("Job '{}' ({}) {} after {} ms", graph.jobName(), graph.jobId(), finalStatus,
                runtime.toMillis());
        closeSnapshotStore(finalStatus);
        finalMetrics.complete(jobMetrics());
        if (finalStatus == JobStatus.FINISHED) {
            result.complete(new JobExecutionResult(graph.jobId(), graph.jobName(), runtime, jobMetrics()));
        } else {
            result.completeExceptionally(failure);
        }
        return Behaviors.stopped();
    }
}
