package io.flinkstream.runtime.job;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.ShardingEnvelope;
import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.JobMetrics;
import io.flinkstream.api.JobStatus;
import io.flinkstream.api.SuppressRestartsException;
import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.IntactCheckpointSearch;
import io.flinkstream.checkpoint.RestartBackoff;
import io.flinkstream.checkpoint.StateAssignment;
import io.flinkstream.runtime.WireMessage;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.runtime.network.frames.Frame;
import io.flinkstream.runtime.task.CheckpointReport;
import io.flinkstream.runtime.task.FailureCause;
import io.flinkstream.runtime.task.SubtaskActor;
import io.flinkstream.runtime.task.SubtaskReport;
import io.flinkstream.runtime.task.TaskMetrics;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One actor per job: deploys every subtask through Cluster Sharding, wires them once all are deployed, watches them,
 * and ends the job when all finished, one failed, or cancellation was asked. One behaviour per state:
 * {@code deploying}, {@code running}, {@code terminating}. The job's result completes only after every subtask
 * actor has stopped, so an ended job leaves no actor behind.
 *
 * <p>It wires messages and timers to {@link AttemptHistory} (attempts, restore point, restart decisions),
 * {@link AttemptActors} (the attempt's subtasks and coordinator), {@link JobReport} (status, checkpoint statistics,
 * result) and {@link JobCheckpointStorage} (snapshot store I/O).
 */
public final class JobMaster {

    /** Messages the job master understands. */
    public sealed interface Command {
    }

    /*
     * What subtasks report arrives in their own protocol (SubtaskReport) on the master's message adapter, which turns
     * each report into one of the package-private commands below; they never cross a JVM themselves.
     */

    /** A subtask is ready for attempt {@code attempt}. */
    record SubtaskDeployed(int vertex, int subtask, int attempt, ActorRef<SubtaskActor.Command> ref,
                           ActorRef<Frame> frames) implements Command {
    }

    /**
     * A subtask of attempt {@code attempt} is stopping without having reported itself deployed: it failed to load its
     * state, or was told to stop while loading it. The master watches it, so the attempt counts as stopped as soon as
     * it is gone rather than at the stop timeout.
     */
    record SubtaskStoppingUndeployed(int vertex, int subtask, int attempt, ActorRef<SubtaskActor.Command> ref)
            implements Command {
    }

    /** A subtask processed all its input and closed its operators. */
    record SubtaskFinished(int vertex, int subtask, int attempt, TaskMetrics metrics) implements Command {
    }

    /** A subtask failed in {@code operator}. */
    record SubtaskFailed(int vertex, int subtask, int attempt, String operator, FailureCause cause)
            implements Command {
    }

    /** A subtask's periodic counters. */
    record MetricsReported(int vertex, int subtask, int attempt, TaskMetrics metrics) implements Command {
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

    /**
     * What the master tells a durable parent that records the job (a cluster's job entity), so that a master started
     * after the loss of this one resumes where it was: attempt numbers, checkpoint ids, completed checkpoints.
     */
    public sealed interface Progress {
    }

    /** Attempt {@code attempt} is being deployed. */
    public record AttemptStarted(int attempt) implements Progress {
    }

    /** Checkpoint id {@code checkpointId} was used; no later attempt may use it again. */
    public record CheckpointIdUsed(long checkpointId) implements Progress {
    }

    /** Checkpoint {@code checkpointId} completed; its metadata is at {@code location}. */
    public record CheckpointCompleted(long checkpointId, String location) implements Progress {
    }

    /**
     * Where a job resumes whose earlier master was lost with its node: the attempt to run next, the highest checkpoint
     * id used so far, and whether any checkpoint had completed (the job must then restore one, never start empty).
     *
     * @param attempt the attempt number the resumed job deploys first
     * @param highestCheckpointId the highest checkpoint id any earlier attempt used (ids continue after it)
     * @param completedCheckpoint whether an earlier attempt completed a checkpoint
     */
    public record Resume(int attempt, long highestCheckpointId, boolean completedCheckpoint) {
    }

    private record Resumed(JobCheckpointStorage.Resumption resumption, Throwable error) implements Command {
    }

    /** A watched subtask actor stopped; package-private, as {@link AttemptActors} watches with it. */
    record SubtaskTerminated(int attempt, int vertex, int subtask) implements Command {
    }

    /**
     * The coordinator of attempt {@code attempt} runs; subtasks report to it on {@code reports}. Sent by the
     * coordinator itself once it has made its message adapter.
     */
    record CoordinatorReady(int attempt, ActorRef<CheckpointReport> reports) implements Command {
    }

    /** The checkpoint coordinator stopped; package-private, as {@link AttemptActors} watches with it. */
    enum CoordinatorStopped implements Command { INSTANCE }

    private record RestorePointChosen(CheckpointMetadata checkpoint, Throwable error) implements Command {
    }

    private record IntactCheckpointSearched(IntactCheckpointSearch.Result result, Throwable error)
            implements Command {
    }

    private enum Timeout implements Command { DEPLOY, DEPLOY_AGAIN, STOP, RESTART }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final JobGraph graph;
    private final JobRegistry registry;
    private final JobMasterSettings settings;
    private final AttemptHistory attempts;
    private final JobReport report;
    private final JobCheckpointStorage storage;
    private final AttemptActors actors;
    private final Resume resume;
    private final ActorRef<Progress> listener;

    private JobMaster(ActorContext<Command> context, TimerScheduler<Command> timers, JobGraph graph,
                      JobRegistry registry, ActorRef<ShardingEnvelope<SubtaskActor.Command>> region,
                      CompletableFuture<JobExecutionResult> result, CompletableFuture<JobMetrics> finalMetrics,
                      JobMasterSettings settings, Resume resume, ActorRef<Progress> listener) {
        this.context = context;
        this.resume = resume;
        this.listener = listener;
        this.timers = timers;
        this.graph = graph;
        this.registry = registry;
        this.settings = settings;
        this.attempts = new AttemptHistory(new RestartBackoff(graph.checkpointing().restartStrategy()));
        this.actors = new AttemptActors(context, graph, region, attempts,
                context.messageAdapter(SubtaskReport.class, JobMaster::fromSubtask));
        this.report = new JobReport(graph.jobId(), graph.jobName(), Instant.now(), result, finalMetrics,
                graph.checkpointing().config().getCheckpointStatsHistorySize());
        this.storage = new JobCheckpointStorage(graph, registry, context.getSystem());
    }

    /** The master's command for a subtask's report. */
    static Command fromSubtask(SubtaskReport report) {
        if (report instanceof SubtaskReport.Deployed d) {
            return new SubtaskDeployed(d.vertex(), d.subtask(), d.attempt(), d.ref(), d.frames());
        } else if (report instanceof SubtaskReport.StoppingUndeployed u) {
            return new SubtaskStoppingUndeployed(u.vertex(), u.subtask(), u.attempt(), u.ref());
        } else if (report instanceof SubtaskReport.Finished f) {
            return new SubtaskFinished(f.vertex(), f.subtask(), f.attempt(), f.metrics());
        } else if (report instanceof SubtaskReport.Failed f) {
            return new SubtaskFailed(f.vertex(), f.subtask(), f.attempt(), f.operator(), f.cause());
        } else if (report instanceof SubtaskReport.MetricsReported m) {
            return new MetricsReported(m.vertex(), m.subtask(), m.attempt(), m.metrics());
        }
        throw new IllegalArgumentException("Unknown subtask report " + report);
    }

    /**
     * Settings of the job master.
     *
     * @param deployTimeout how long deployment may take before the job fails
     * @param stopTimeout how long subtasks may take to stop once told to
     * @param deployRetryInterval how often {@code Deploy} is sent again to subtasks that have not answered
     */
    public record JobMasterSettings(Duration deployTimeout, Duration stopTimeout, Duration deployRetryInterval) {
        /** Settings that send {@code Deploy} again every 2 s. */
        public JobMasterSettings(Duration deployTimeout, Duration stopTimeout) {
            this(deployTimeout, stopTimeout, Duration.ofSeconds(2));
        }
    }

    /**
     * A job master that deploys {@code graph} at once. When the job ends it completes {@code finalMetrics} with the
     * last counters, then {@code result}.
     */
    public static Behavior<Command> create(JobGraph graph, JobRegistry registry,
                                           ActorRef<ShardingEnvelope<SubtaskActor.Command>> region,
                                           CompletableFuture<JobExecutionResult> result,
                                           CompletableFuture<JobMetrics> finalMetrics, JobMasterSettings settings) {
        return create(graph, registry, region, result, finalMetrics, settings, null, null);
    }

    /**
     * A job master that reports its progress to {@code listener} and, given a {@code resume}, resumes a job whose
     * earlier master was lost: it aborts the checkpoints that were pending, restores the newest intact completed
     * checkpoint, and deploys attempt {@code resume.attempt()}, its checkpoint ids continuing after the highest used.
     *
     * @param resume null for a job's first start
     * @param listener null when nobody records the job's progress
     */
    public static Behavior<Command> create(JobGraph graph, JobRegistry registry,
                                           ActorRef<ShardingEnvelope<SubtaskActor.Command>> region,
                                           CompletableFuture<JobExecutionResult> result,
                                           CompletableFuture<JobMetrics> finalMetrics, JobMasterSettings settings,
                                           Resume resume, ActorRef<Progress> listener) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new JobMaster(ctx, timers, graph, registry, region, result, finalMetrics, settings, resume, listener)
                        .start()));
    }

    private void tellListener(Progress progress) {
        if (listener != null) {
            listener.tell(progress);
        }
    }

    /**
     * Resumes after the loss of the earlier master: restores the newest intact checkpoint found in the job's store
     * (the metadata file is a checkpoint's commit point: a sink may have committed it before the loss, so storage,
     * not the journal, says which is newest), after aborting the pending ones.
     */
    private Behavior<Command> resume() {
        attempts.resume(resume.attempt(), resume.highestCheckpointId(), resume.completedCheckpoint());
        if (!graph.checkpointing().enabled()) {
            return deploy();
        }
        context.pipeToSelf(storage.resume(), Resumed::new);
        return receiveWithQueries()
                .onMessage(Resumed.class, resumed -> {
                    if (resumed.error() != null) {
                        report.failWith(JobFailure.cannotRestart(graph.jobName(), resumed.error()));
                        return endBeforeDeploy();
                    }
                    attempts.checkpointTriggered(resumed.resumption().highestCheckpointId());
                    if (!attempts.restoreFromNewestIntact(resumed.resumption().found())) {
                        report.failWith(JobFailure.noIntactCheckpoint(graph.jobName(),
                                resumed.resumption().found()));
                        return endBeforeDeploy();
                    }
                    return deploy();
                })
                .onMessage(CancelJob.class, this::cancelBeforeDeploy)
                .build();
    }

    private Behavior<Command> cancelBeforeDeploy(CancelJob cancel) {
        cancel.replyTo().tell(Done.getInstance());
        report.cancelled();
        return endBeforeDeploy();
    }

    /** Deploys at once, or first finds the retained checkpoint of an earlier run the job starts from. */
    private Behavior<Command> start() {
        if (resume != null) {
            return resume();
        }
        String path = graph.checkpointing().restorePath();
        if (path == null) {
            return deploy();
        }
        context.pipeToSelf(storage.retained(path), RestorePointChosen::new);
        return receiveWithQueries()
                .onMessage(RestorePointChosen.class, chosen -> {
                    if (chosen.error() != null) {
                        JobFailure failure = JobFailure.cannotStartFrom(graph.jobName(), path, chosen.error());
                        report.failWith(failure);
                        context.getLog().error(failure.message());
                        return endBeforeDeploy();
                    }
                    List<String> problems = StateAssignment.check(chosen.checkpoint(), graph.shape(),
                            graph.checkpointing().allowNonRestoredState());
                    if (!problems.isEmpty()) {
                        JobFailure failure = JobFailure.stateDoesNotFit(graph.jobName(), path, problems);
                        report.failWith(failure);
                        context.getLog().error(failure.message());
                        return endBeforeDeploy();
                    }
                    logDroppedState(chosen.checkpoint());
                    attempts.startFrom(chosen.checkpoint());
                    return deploy();
                })
                .onMessage(CancelJob.class, this::cancelBeforeDeploy)
                .build();
    }

    /** With allowNonRestoredState, says whose stored state the job drops. */
    private void logDroppedState(CheckpointMetadata checkpoint) {
        java.util.Set<io.flinkstream.checkpoint.OperatorId> ids = new java.util.HashSet<>();
        graph.operatorMetadata().forEach(op -> ids.add(op.id()));
        new StateAssignment(checkpoint).statefulOperators().forEach((id, operator) -> {
            if (!ids.contains(id)) {
                context.getLog().warn("Job '{}' drops the state of {} stored in checkpoint {}: this job does not "
                        + "have it, and allows non-restored state", graph.jobName(), operator,
                        checkpoint.checkpointId());
            }
        });
    }

    /** Ends the job, with the cause kept, before anything was deployed: there is no subtask to wait for. */
    private Behavior<Command> endBeforeDeploy() {
        registry.unregister(graph.jobId());
        report.completeWithFailure(jobMetrics());
        return Behaviors.stopped();
    }

    private Behavior<Command> deploy() {
        context.getLog().info("Job '{}' ({}) attempt {}: deploying {} subtasks in {} vertices{}", graph.jobName(),
                graph.jobId(), attempts.current(), graph.subtaskCount(), graph.vertices().size(),
                attempts.restorePoint() == null ? "" : " from checkpoint " + attempts.restoreCheckpointId());
        if (attempts.restorePoint() != null) {
            report.restored();
        }
        tellListener(new AttemptStarted(attempts.current()));
        actors.deploy();
        timers.startSingleTimer(Timeout.DEPLOY, settings.deployTimeout());
        timers.startTimerWithFixedDelay(Timeout.DEPLOY_AGAIN, settings.deployRetryInterval());
        return deploying();
    }

    private Behavior<Command> deploying() {
        return receiveWithQueries()
                .onMessage(SubtaskDeployed.class, this::onDeployed)
                .onMessage(CoordinatorReady.class, this::onCoordinatorReady)
                .onMessage(SubtaskFailed.class, this::onFailed)
                .onMessage(SubtaskStoppingUndeployed.class, this::onStoppingUndeployed)
                .onMessage(SubtaskTerminated.class, this::onUnexpectedStop)
                .onMessage(MetricsReported.class, m -> Behaviors.same())
                .onMessage(CancelJob.class, this::onCancel)
                .onMessageEquals(CoordinatorStopped.INSTANCE, this::onLateCoordinatorStop)
                .onMessageEquals(Timeout.DEPLOY,
                        () -> fail(JobFailure.deployTimedOut(graph.jobName(), settings.deployTimeout())))
                .onMessageEquals(Timeout.DEPLOY_AGAIN, () -> {
                    actors.deployMissing();
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onDeployed(SubtaskDeployed deployed) {
        if (!actors.deployed(deployed) || !actors.tracker().allDeployed()) {
            return Behaviors.same();
        }
        timers.cancel(Timeout.DEPLOY);
        timers.cancel(Timeout.DEPLOY_AGAIN);
        if (graph.checkpointing().enabled()) {
            try {
                actors.startCoordinator(storage.open());
            } catch (IOException | RuntimeException e) {
                return fail(JobFailure.snapshotStoreUnavailable(graph.jobName(), e));
            }
            return Behaviors.same(); // the subtasks start once the coordinator is ready
        }
        return startSubtasks(null);
    }

    private Behavior<Command> onCoordinatorReady(CoordinatorReady ready) {
        if (!attempts.isCurrent(ready.attempt()) || !actors.hasCoordinator()) {
            return Behaviors.same();
        }
        return startSubtasks(ready.reports());
    }

    private Behavior<Command> startSubtasks(ActorRef<CheckpointReport> coordinatorReports) {
        actors.start(coordinatorReports);
        report.status(JobStatus.RUNNING);
        context.getLog().info("Job '{}' ({}) is RUNNING", graph.jobName(), graph.jobId());
        return running();
    }

    private Behavior<Command> running() {
        return receiveWithQueries()
                .onMessage(CheckpointingFailed.class, f -> attempts.isCurrent(f.attempt())
                        ? fail(JobFailure.checkpointingFailed(graph.jobName(), f.message())) : Behaviors.same())
                .onMessage(CheckpointEnded.class, this::onCheckpointEnded)
                .onMessage(SubtaskFinished.class, this::onFinished)
                .onMessage(SubtaskFailed.class, this::onFailed)
                .onMessage(SubtaskTerminated.class, this::onUnexpectedStop)
                .onMessage(MetricsReported.class, this::onMetrics)
                .onMessage(CancelJob.class, this::onCancel)
                .onMessageEquals(CoordinatorStopped.INSTANCE, this::onLateCoordinatorStop)
                .build();
    }

    private Behavior<Command> onCheckpointEnded(CheckpointEnded ended) {
        report.checkpointEnded(ended.stats());
        if (ended.stats().status() == CheckpointStats.Status.COMPLETED) {
            attempts.checkpointCompleted();
            long id = ended.stats().checkpointId();
            tellListener(new CheckpointCompleted(id, storage.locationOf(id)));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onFinished(SubtaskFinished finished) {
        if (!attempts.isCurrent(finished.attempt())) {
            return Behaviors.same();
        }
        actors.finished(finished);
        if (!actors.tracker().allFinished()) {
            return Behaviors.same();
        }
        return terminate(JobStatus.FINISHED, new SubtaskActor.Release(attempts.current()));
    }

    private Behavior<Command> onMetrics(MetricsReported reported) {
        actors.reported(reported);
        return Behaviors.same();
    }

    private Behavior<Command> onFailed(SubtaskFailed failed) {
        if (!attempts.isCurrent(failed.attempt())) {
            return Behaviors.same();
        }
        return fail(JobFailure.operatorThrew(graph.jobName(), failed.operator(), failed.subtask(),
                graph.vertex(failed.vertex()).parallelism(), failed.cause().toThrowable()));
    }

    private Behavior<Command> onStoppingUndeployed(SubtaskStoppingUndeployed stopping) {
        actors.stoppingUndeployed(stopping);
        return Behaviors.same();
    }

    private Behavior<Command> onUnexpectedStop(SubtaskTerminated stopped) {
        if (!attempts.isCurrent(stopped.attempt())) {
            return Behaviors.same();
        }
        actors.tracker().terminated(stopped.vertex(), stopped.subtask());
        if (actors.tracker().isFinished(stopped.vertex(), stopped.subtask())) {
            return Behaviors.same();
        }
        JobVertex vertex = graph.vertex(stopped.vertex());
        return fail(JobFailure.actorStopped(graph.jobName(), vertex.name(), stopped.subtask(), vertex.parallelism()));
    }

    /** A failure of the current attempt: restart per the restart strategy, or fail the job with this cause. */
    private Behavior<Command> fail(JobFailure failure) {
        if (SuppressRestartsException.isIn(failure.cause())) {
            report.failWith(failure);
            context.getLog().error("{} (not restarted: the failure would recur on every restart)", failure.message(),
                    failure.cause());
            return terminate(JobStatus.FAILED, new SubtaskActor.Cancel(attempts.current()));
        }
        RestartBackoff.Decision decision = attempts.failed(Instant.now());
        if (decision instanceof RestartBackoff.Restart restart) {
            context.getLog().warn("{}; restarting (restart {}) in {} ms from the newest intact checkpoint",
                    failure.message(), restart.attempt(), restart.delay().toMillis());
            context.getLog().debug("Cause of the restart", failure.cause());
            return restart(restart.delay());
        }
        String reason = ((RestartBackoff.GiveUp) decision).reason();
        report.failWith(failure);
        context.getLog().error("{} ({})", failure.message(), reason, failure.cause());
        return terminate(JobStatus.FAILED, new SubtaskActor.Cancel(attempts.current()));
    }

    /** Stops every subtask of this attempt, picks the newest intact checkpoint, and deploys the next attempt. */
    private Behavior<Command> restart(Duration delay) {
        report.status(JobStatus.RESTARTING);
        return stopAttempt(new SubtaskActor.Cancel(attempts.current()), () -> chooseRestorePoint(delay),
                this::onCancel);
    }

    private Behavior<Command> chooseRestorePoint(Duration delay) {
        timers.cancel(Timeout.STOP);
        context.pipeToSelf(storage.newestIntact(attempts.damagedCheckpoints()), IntactCheckpointSearched::new);
        return receiveWithQueries()
                .onMessage(IntactCheckpointSearched.class, searched -> {
                    if (searched.error() != null) {
                        report.failWith(JobFailure.cannotRestart(graph.jobName(), searched.error()));
                        return terminate(JobStatus.FAILED, new SubtaskActor.Cancel(attempts.current()));
                    }
                    if (!attempts.restoreFromNewestIntact(searched.result())) {
                        report.failWith(JobFailure.noIntactCheckpoint(graph.jobName(), searched.result()));
                        return terminate(JobStatus.FAILED, new SubtaskActor.Cancel(attempts.current()));
                    }
                    timers.startSingleTimer(Timeout.RESTART, delay);
                    return Behaviors.same();
                })
                .onMessageEquals(Timeout.RESTART, () -> {
                    attempts.next();
                    actors.nextAttempt();
                    report.status(JobStatus.CREATED);
                    return deploy();
                })
                .onMessage(CancelJob.class, this::onCancel)
                .onMessageEquals(CoordinatorStopped.INSTANCE, this::onLateCoordinatorStop)
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    /**
     * The coordinator of an attempt stopped after the stop timeout let the job go on without it: note it, or every
     * later stop would wait for it in vain until its own timeout.
     */
    private Behavior<Command> onLateCoordinatorStop() {
        actors.coordinatorStopped();
        return Behaviors.same();
    }

    /**
     * Tells the coordinator and every subtask of the attempt to stop, gives them the stop timeout, and becomes
     * {@code whenStopped} once all have stopped: at once if they already have, else after {@link #stopping}.
     */
    private Behavior<Command> stopAttempt(SubtaskActor.Command stop, Supplier<Behavior<Command>> whenStopped,
                                          Function<CancelJob, Behavior<Command>> onCancelJob) {
        timers.cancel(Timeout.DEPLOY_AGAIN);
        actors.stop(stop);
        timers.startSingleTimer(Timeout.STOP, settings.stopTimeout());
        return actors.stopped() ? whenStopped.get() : stopping(whenStopped, onCancelJob);
    }

    private Behavior<Command> onCancel(CancelJob cancel) {
        cancel.replyTo().tell(Done.getInstance());
        report.cancelled();
        context.getLog().info("Job '{}' ({}) is being cancelled", graph.jobName(), graph.jobId());
        return terminate(JobStatus.CANCELED, new SubtaskActor.Cancel(attempts.current()));
    }

    /**
     * The handlers of a state, beginning with what every state handles alike: checkpoint ids used, status and
     * counters.
     */
    private BehaviorBuilder<Command> receiveWithQueries() {
        return Behaviors.receive(Command.class)
                // In every state: a coordinator being stopped may still trigger, and the next attempt's ids must
                // continue after every id used, or a reused id would meet a discarded checkpoint of that id.
                .onMessage(CheckpointTriggered.class, t -> {
                    attempts.checkpointTriggered(t.checkpointId());
                    tellListener(new CheckpointIdUsed(t.checkpointId()));
                    report.checkpointTriggered();
                    return Behaviors.same();
                })
                .onMessage(GetStatus.class, get -> reply(get.replyTo(), report.status()))
                .onMessage(GetMetrics.class, get -> reply(get.replyTo(), jobMetrics()));
    }

    private <T> Behavior<Command> reply(ActorRef<T> replyTo, T answer) {
        replyTo.tell(answer);
        return Behaviors.same();
    }

    private JobMetrics jobMetrics() {
        return actors.tracker().jobMetrics(report.checkpointStats(), attempts.current(), report.checkpointCounts());
    }

    /** Tells every subtask to go and waits until all have stopped. */
    private Behavior<Command> terminate(JobStatus finalStatus, SubtaskActor.Command stop) {
        timers.cancel(Timeout.DEPLOY);
        timers.cancel(Timeout.RESTART);
        report.ending(finalStatus);
        return stopAttempt(stop, () -> complete(finalStatus), cancel -> {
            cancel.replyTo().tell(Done.getInstance());
            return Behaviors.same();
        });
    }

    /**
     * Waits until every subtask of the attempt and the coordinator have stopped (or the stop timeout passed), then
     * becomes {@code whenStopped}: before a restart and before the job ends.
     */
    private Behavior<Command> stopping(Supplier<Behavior<Command>> whenStopped,
                                       Function<CancelJob, Behavior<Command>> onCancelJob) {
        return receiveWithQueries()
                .onMessage(SubtaskTerminated.class,
                        t -> actors.subtaskStopped(t) ? whenStopped.get() : Behaviors.same())
                .onMessageEquals(CoordinatorStopped.INSTANCE,
                        () -> actors.coordinatorStopped() ? whenStopped.get() : Behaviors.same())
                .onMessage(CheckpointEnded.class, this::onCheckpointEnded)
                .onMessage(SubtaskDeployed.class, d -> {
                    actors.deployedWhileStopping(d);
                    return Behaviors.same();
                })
                .onMessage(SubtaskStoppingUndeployed.class, this::onStoppingUndeployed)
                .onMessage(MetricsReported.class, this::onMetrics)
                .onMessage(SubtaskFinished.class, f -> {
                    if (attempts.isCurrent(f.attempt())) {
                        actors.tracker().finished(f.vertex(), f.subtask(), f.metrics());
                    }
                    return Behaviors.same();
                })
                .onMessage(CancelJob.class, onCancelJob::apply)
                .onMessageEquals(Timeout.STOP, () -> {
                    context.getLog().warn("Job '{}': some subtasks did not stop within {}; going on anyway",
                            graph.jobName(), settings.stopTimeout());
                    return whenStopped.get();
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private Behavior<Command> complete(JobStatus finalStatus) {
        report.status(finalStatus);
        registry.unregister(graph.jobId());
        Duration runtime = report.runtime(Instant.now());
        context.getLog().info("Job '{}' ({}) {} after {} ms", graph.jobName(), graph.jobId(), finalStatus,
                runtime.toMillis());
        storage.close(finalStatus);
        report.complete(finalStatus, runtime, jobMetrics());
        return Behaviors.stopped();
    }
}
