package io.flinkstream.runtime.task;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityContext;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.sharding.typed.ShardingEnvelope;
import io.flinkstream.runtime.WireMessage;
import io.flinkstream.runtime.network.frames.ChannelFrame;
import io.flinkstream.runtime.network.frames.Credit;
import io.flinkstream.runtime.network.frames.Frame;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One operator subtask: an entity of Akka Cluster Sharding (entity id {@code job/vertex/subtask}), deployed by the
 * job master, wired to its peers, then fed record batches and credits: the data-plane {@link Frame}s, which arrive on
 * a message adapter of the actor ({@link SubtaskReport.Deployed#frames()}). It reports to the master and the checkpoint
 * coordinator in its own protocols ({@link SubtaskReport}, {@link CheckpointReport}). The actor owns a {@link StreamTask} per
 * attempt and runs it in bounded slices, so control messages interleave with data ({@link SliceScheduler} decides
 * what it sends itself between slices). Its checkpoint I/O, and what it tells the checkpoint coordinator, go through
 * a {@link SubtaskCheckpointing} per attempt.
 */
public final class SubtaskActor extends AbstractBehavior<SubtaskActor.Command> {
    /** The sharded entity type of all subtasks. */
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "flinkstream-subtask");

    /** Messages a subtask understands. */
    public sealed interface Command {
    }

    /**
     * Prepare attempt {@code attempt} of this subtask of job {@code jobId}, with the state of checkpoint
     * {@code restoreCheckpointId} (or fresh when it is negative); answered with {@code SubtaskDeployed} once the
     * state is loaded ({@link SubtaskReport.Deployed}).
     */
    public record Deploy(String jobId, int vertex, int subtask, int attempt, ActorRef<SubtaskReport> master,
                         long restoreCheckpointId) implements Command, WireMessage {
    }

    private record StateLoaded(int attempt, RestoredState state, Throwable error) implements Command {
    }

    /** This node rebuilt the graph of a job it was not submitted to (or could not: {@code error}). */
    private record JobResolved(Deploy deploy, Throwable error) implements Command {
    }

    /**
     * Every subtask of the job is deployed: here are where their frames go, by vertex and subtask; wire the channels
     * and run. The coordinator is null when checkpointing is off.
     */
    public record Start(int attempt, Map<Integer, List<ActorRef<Frame>>> subtasks,
                        ActorRef<CheckpointReport> coordinator) implements Command, WireMessage {
        public Start {
            subtasks = Map.copyOf(subtasks);
        }
    }

    /** To a source subtask: take checkpoint {@code checkpointId} now and inject its barrier. */
    public record TriggerCheckpoint(int attempt, long checkpointId, long timestamp,
                                    ActorRef<CheckpointReport> coordinator)
            implements Command, WireMessage {
    }

    /** Checkpoint {@code checkpointId} is complete. */
    public record NotifyCheckpointComplete(int attempt, long checkpointId) implements Command, WireMessage {
    }

    /**
     * Checkpoint {@code checkpointId} was aborted (declined, expired, failed, subsumed, or the attempt is
     * stopping): release what is held for it and tell the operators.
     */
    public record NotifyCheckpointAborted(int attempt, long checkpointId) implements Command, WireMessage {
    }

    private record SnapshotWritten(int attempt, SubtaskCheckpointing.Outcome outcome) implements Command {
    }

    /** A data-plane frame, through the actor's frame adapter. */
    private record FrameArrived(Frame frame) implements Command {
    }

    /** Stop the attempt without finishing: the job is cancelled or failing. */
    public record Cancel(int attempt) implements Command, WireMessage {
    }

    /** The job has ended; the finished subtask may go. */
    public record Release(int attempt) implements Command, WireMessage {
    }

    /**
     * A message for user code of this attempt (see {@link TaskActors}): forwarded by one of its receivers, or one of
     * its timers firing. Local only: the receivers are children of this actor.
     */
    record OperatorMessage(int attempt, long target, Object message) implements Command {
    }

    /** The stop message sharding sends when the entity is passivated or handed off. */
    public enum Stop implements Command, WireMessage { INSTANCE }

    private enum Tick implements Command { CONTINUE, FLUSH_IF_IDLE, POLL_AGAIN, REPORT_METRICS }

    /**
     * What may arrive before {@code Start}: per input channel up to its credit in batches plus a few events (end of
     * data, end of partition, barriers), and credits. A bound, not an allocation: it only fails jobs of many
     * thousand channels per subtask.
     */
    private static final int STASH_CAPACITY = 1 << 16;

    /**
     * Initialises the sharded subtask entity on this node and returns its region. Each subtask is a shard of its own,
     * placed by {@link SubtaskAllocationStrategy}; with {@code flinkstream.node.subtask-role} set, only nodes with
     * that role host subtasks (the others reach them through a proxy region).
     */
    public static ActorRef<ShardingEnvelope<Command>> initSharding(akka.actor.typed.ActorSystem<?> system,
                                                                   JobLookup registry, Duration metricsInterval) {
        Entity<Command, ShardingEnvelope<Command>> entity = Entity.of(TYPE_KEY,
                        ctx -> create(ctx, registry, metricsInterval))
                .withStopMessage(Stop.INSTANCE)
                // Sharding does not see the direct messages that feed subtasks: its idle passivation would stop
                // long-running ones. Set here, not only in flinkstream-node.conf, so a service's own system is safe.
                .withSettings(akka.cluster.sharding.typed.ClusterShardingSettings.create(system)
                        .withNoPassivationStrategy().withRememberEntities(false))
                .withEntityProps(DispatcherSelector.fromConfig("flinkstream.task-dispatcher"))
                .withMessageExtractor(new OneShardPerSubtask())
                .withAllocationStrategy(new SubtaskAllocationStrategy());
        String role = system.settings().config().getString("flinkstream.node.subtask-role");
        return ClusterSharding.get(system).init(role.isBlank() ? entity : entity.withRole(role));
    }

    /** The shard of a subtask is its entity id, so the allocation strategy places every subtask. */
    private static final class OneShardPerSubtask
            extends akka.cluster.sharding.typed.ShardingMessageExtractor<ShardingEnvelope<Command>, Command> {
        @Override
        public String entityId(ShardingEnvelope<Command> envelope) {
            return envelope.entityId();
        }

        @Override
        public String shardId(String entityId) {
            return entityId;
        }

        @Override
        public Command unwrapMessage(ShardingEnvelope<Command> envelope) {
            return envelope.message();
        }
    }

    /** The entity id of a subtask. */
    public static String entityId(String jobId, int vertex, int subtask) {
        return jobId + "/" + vertex + "/" + subtask;
    }

    private final EntityContext<Command> entity;
    private final JobLookup registry;
    private final TimerScheduler<Command> timers;
    private final StashBuffer<Command> stash;
    private final Duration metricsInterval;
    private final SliceScheduler slices;

    private Deploy deployment;
    private SubtaskCheckpointing checkpointing;
    private StreamTask task;
    private TaskActors taskActors;
    private boolean finished;
    /** The attempt told the master it is deployed; a subtask stopping before that says so, to be watched. */
    private boolean reportedDeployed;
    /** Reached the end of its input and closed cleanly; unlike {@code finished}, false after a failure or cancel. */
    private boolean endedInput;

    private final UserCodeClassLoader userCode;
    /** Where peers send this subtask's frames: an adapter, so they need not know its protocol. */
    private final ActorRef<Frame> frames;

    private SubtaskActor(ActorContext<Command> context, EntityContext<Command> entity, JobLookup registry,
                         TimerScheduler<Command> timers, StashBuffer<Command> stash, Duration metricsInterval,
                         UserCodeClassLoader userCode) {
        super(context);
        this.userCode = userCode;
        this.entity = entity;
        this.registry = registry;
        this.timers = timers;
        this.stash = stash;
        this.metricsInterval = metricsInterval;
        this.frames = context.messageAdapter(Frame.class, FrameArrived::new);
        this.slices = new SliceScheduler(() -> context.getSelf().tell(Tick.CONTINUE),
                () -> context.getSelf().tell(Tick.FLUSH_IF_IDLE),
                delay -> timers.startSingleTimer(Tick.POLL_AGAIN, delay));
    }

    static Behavior<Command> create(EntityContext<Command> entity, JobLookup registry, Duration metricsInterval) {
        UserCodeClassLoader userCode = new UserCodeClassLoader();
        return userCode.around(Command.class, Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                Behaviors.withStash(STASH_CAPACITY,
                        stash -> new SubtaskActor(ctx, entity, registry, timers, stash, metricsInterval, userCode)))));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Deploy.class, this::onDeploy)
                .onMessage(Start.class, this::onStart)
                .onMessage(FrameArrived.class, this::onFrame)
                .onMessage(TriggerCheckpoint.class, this::onTriggerCheckpoint)
                .onMessage(NotifyCheckpointComplete.class, this::onCheckpointComplete)
                .onMessage(NotifyCheckpointAborted.class, this::onCheckpointAborted)
                .onMessage(SnapshotWritten.class, this::onSnapshotWritten)
                .onMessage(StateLoaded.class, this::onStateLoaded)
                .onMessage(OperatorMessage.class, this::onOperatorMessage)
                .onMessage(JobResolved.class, this::onJobResolved)
                .onMessage(Cancel.class, c -> c.attempt() == attempt() ? passivate() : this)
                .onMessage(Release.class, r -> r.attempt() == attempt() ? passivate() : this)
                .onMessageEquals(Tick.CONTINUE, this::onContinue)
                .onMessageEquals(Tick.POLL_AGAIN, this::runSlice)
                .onMessageEquals(Tick.FLUSH_IF_IDLE, this::onFlushIfIdle)
                .onMessageEquals(Tick.REPORT_METRICS, this::onReportMetrics)
                .onMessageEquals(Stop.INSTANCE, this::onStop)
                .build();
    }

    private int attempt() {
        return deployment == null ? -1 : deployment.attempt();
    }

    private Behavior<Command> onDeploy(Deploy deploy) {
        if (deployment != null && deploy.attempt() == deployment.attempt()) {
            // The master sends Deploy again until the subtask answers (a copy may have been lost towards a dead
            // node): this attempt is deploying or deployed here already. Answer again if the answer may be lost.
            if (reportedDeployed && !finished && task == null) {
                reportDeployed();
            }
            return this;
        }
        return deploy(deploy);
    }

    private Behavior<Command> deploy(Deploy deploy) {
        closeTask();
        deployment = deploy;
        JobLookup.DeployedJob deployed = registry.get(deploy.jobId());
        userCode.set(deployed == null ? null : deployed.classLoader());
        checkpointing = new SubtaskCheckpointing(deploy, registry, getContext(),
                outcome -> new SnapshotWritten(deploy.attempt(), outcome));
        finished = false;
        endedInput = false;
        reportedDeployed = false;
        stash.clear();
        java.util.concurrent.CompletableFuture<Void> resolving =
                registry.get(deploy.jobId()) == null ? registry.resolve(deploy.jobId()) : null;
        if (resolving != null) {
            getContext().pipeToSelf(resolving, (ok, error) -> new JobResolved(deploy, error));
            return this;
        }
        if (registry.get(deploy.jobId()) == null) {
            deploy.master().tell(new SubtaskReport.Failed(deploy.vertex(), deploy.subtask(), deploy.attempt(),
                    "subtask " + entity.getEntityId(), FailureCause.of(new IllegalStateException("Job "
                    + deploy.jobId() + " is not known on node " + getContext().getSystem().address()
                    + ": its job graph must be registered on every node that hosts its subtasks"))));
            return passivate();
        }
        if (deploy.restoreCheckpointId() < 0) {
            return reportDeployed();
        }
        getContext().pipeToSelf(checkpointing.readRestoredState(),
                (state, error) -> new StateLoaded(deploy.attempt(), state, error));
        return this;
    }

    private Behavior<Command> onJobResolved(JobResolved resolved) {
        if (resolved.deploy() != deployment || finished) {
            return this;
        }
        if (resolved.error() == null) {
            return deploy(resolved.deploy());
        }
        Throwable cause = resolved.error() instanceof java.util.concurrent.CompletionException
                && resolved.error().getCause() != null ? resolved.error().getCause() : resolved.error();
        // The same node would fail the same way on every restart: a missing class or a different jar.
        return fail(new io.flinkstream.api.SuppressRestartsException(cause.getMessage(), cause));
    }

    private Behavior<Command> reportDeployed() {
        reportedDeployed = true;
        deployment.master().tell(new SubtaskReport.Deployed(deployment.vertex(), deployment.subtask(), attempt(),
                getContext().getSelf(), frames));
        return this;
    }

    private Behavior<Command> onStateLoaded(StateLoaded loaded) {
        if (loaded.attempt() != attempt() || finished) {
            return this;
        }
        if (loaded.error() != null) {
            return fail(checkpointing.restoreFailed(loaded.error()));
        }
        checkpointing.restored(loaded.state());
        return reportDeployed();
    }

    private Behavior<Command> onStart(Start start) {
        if (start.attempt() != attempt() || task != null) {
            return this;
        }
        JobLookup.DeployedJob job = registry.get(deployment.jobId());
        try {
            if (job == null) {
                throw new IllegalStateException("Job " + deployment.jobId() + " was removed before it started");
            }
            checkpointing.started(start.coordinator());
            taskActors = new TaskActors(getContext(), attempt());
            task = new StreamTask(job.graph(), deployment.vertex(), deployment.subtask(), attempt(),
                    start.subtasks(), job.classLoader(), checkpointing, checkpointing.takeRestored(), taskActors);
            task.start(job.classLoader());
        } catch (Throwable e) {
            return fail(e);
        }
        timers.startTimerWithFixedDelay(Tick.REPORT_METRICS, metricsInterval);
        return stash.unstashAll(runSlice());
    }

    private Behavior<Command> onFrame(FrameArrived arrived) {
        if (arrived.frame() instanceof ChannelFrame input) {
            return onChannelInput(input);
        }
        return onCredit((Credit) arrived.frame());
    }

    private Behavior<Command> onChannelInput(ChannelFrame input) {
        if (input.attempt() != attempt() || finished) {
            return this;
        }
        if (task == null) {
            // Events need no credit: a sender with nothing to send ends its channel before we may have started.
            stash.stash(new FrameArrived(input));
            return this;
        }
        task.onChannelInput(input);
        return runSlice();
    }

    private Behavior<Command> onTriggerCheckpoint(TriggerCheckpoint trigger) {
        if (trigger.attempt() != attempt()) {
            return this;
        }
        boolean running = task != null;
        switch (SubtaskCheckpointing.TriggerAnswer.of(running, finished, endedInput, running && task.isEnding())) {
            case LATER -> stash.stash(trigger);
            case SILENCE -> { }
            case EMPTY_STATE -> checkpointing.acknowledgeEmpty(trigger);
            case CAPTURE -> {
                return onTask(t -> t.triggerCheckpoint(trigger.checkpointId()));
            }
        }
        return this;
    }

    private Behavior<Command> onSnapshotWritten(SnapshotWritten written) {
        if (written.attempt() != attempt()) {
            return this;
        }
        Throwable error = written.outcome().error();
        if (error != null && io.flinkstream.api.SuppressRestartsException.isIn(error)) {
            // A value no serializer can write fails every later checkpoint too: fail now, without restarts.
            return fail(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error);
        }
        checkpointing.report(written.outcome());
        return this;
    }

    private Behavior<Command> onCheckpointComplete(NotifyCheckpointComplete notice) {
        return notice.attempt() != attempt() || task == null ? this
                : onTask(t -> t.notifyCheckpointComplete(notice.checkpointId()));
    }

    private Behavior<Command> onCheckpointAborted(NotifyCheckpointAborted notice) {
        return notice.attempt() != attempt() || task == null ? this
                : onTask(t -> t.notifyCheckpointAborted(notice.checkpointId()));
    }

    private Behavior<Command> onOperatorMessage(OperatorMessage message) {
        if (task == null || finished || taskActors == null) {
            return this;
        }
        return onTask(t -> taskActors.dispatch(message));
    }

    private Behavior<Command> onCredit(Credit credit) {
        if (credit.attempt() != attempt() || finished) {
            return this;
        }
        if (task == null) {
            // A faster receiver may grant credit before this subtask has processed its own Start.
            stash.stash(new FrameArrived(credit));
            return this;
        }
        return onTask(t -> t.onCredit(credit));
    }

    /** Calls the running task, then runs a slice; a failure fails the attempt. */
    private Behavior<Command> onTask(TaskCall call) {
        try {
            call.apply(task);
        } catch (Throwable e) {
            return fail(e);
        }
        return runSlice();
    }

    private interface TaskCall {
        void apply(StreamTask task) throws Exception;
    }

    private Behavior<Command> onContinue() {
        slices.continueArrived();
        return runSlice();
    }

    private Behavior<Command> onFlushIfIdle() {
        slices.flushArrived();
        if (task != null && !finished) {
            try {
                task.flushIfIdle();
            } catch (Throwable e) {
                // A flushed batch is serialized when the job serializes local batches: a record may fail there.
                return fail(e);
            }
        }
        return this;
    }

    private Behavior<Command> runSlice() {
        if (task == null || finished) {
            return this;
        }
        StreamTask.Step step;
        try {
            step = task.runSlice();
        } catch (Throwable e) {
            return fail(e);
        }
        switch (step) {
            case DATA_ENDED -> checkpointing.sourceDataEnded();
            case FINISHED -> {
                return onFinished();
            }
            default -> slices.afterSlice(step, task::hasBufferedOutput);
        }
        return this;
    }

    private Behavior<Command> onFinished() {
        finished = true;
        TaskMetrics metrics = task.metrics();
        Exception closeError = task.close();
        task = null;
        if (closeError != null) {
            return fail(closeError);
        }
        endedInput = true;
        deployment.master().tell(new SubtaskReport.Finished(deployment.vertex(), deployment.subtask(), attempt(),
                metrics));
        return this;
    }

    private Behavior<Command> onReportMetrics() {
        if (task != null) {
            deployment.master().tell(new SubtaskReport.MetricsReported(deployment.vertex(), deployment.subtask(),
                    attempt(), task.metrics()));
        }
        return this;
    }

    private Behavior<Command> fail(Throwable error) {
        String operator = error instanceof UserCodeException u ? u.operatorName()
                : task != null ? task.vertexName() : vertexName();
        Throwable cause = error instanceof UserCodeException && error.getCause() != null ? error.getCause() : error;
        getContext().getLog().debug("Subtask {} failed in operator '{}'", entity.getEntityId(), operator, cause);
        deployment.master().tell(new SubtaskReport.Failed(deployment.vertex(), deployment.subtask(), attempt(),
                operator, FailureCause.of(cause)));
        return passivate();
    }

    private void closeTask() {
        timers.cancelAll();
        if (checkpointing != null) {
            checkpointing.abandon();
        }
        if (taskActors != null) {
            taskActors.close();
            taskActors = null;
        }
        if (task != null) {
            Exception error = task.close();
            if (error != null) {
                getContext().getLog().warn("Closing subtask {} failed", entity.getEntityId(), error);
            }
            task = null;
        }
        slices.reset();
    }

    /** The name of this subtask's vertex (its chained operators), or its entity id if the job is unknown here. */
    private String vertexName() {
        JobLookup.DeployedJob job = deployment == null ? null : registry.get(deployment.jobId());
        return job != null ? job.graph().vertex(deployment.vertex()).name() : "subtask " + entity.getEntityId();
    }

    private Behavior<Command> passivate() {
        closeTask();
        if (deployment != null && !reportedDeployed && !finished) {
            // The master waits for every subtask of the attempt to stop, but knows only those that reported deployed.
            reportedDeployed = true;
            deployment.master().tell(new SubtaskReport.StoppingUndeployed(deployment.vertex(),
                    deployment.subtask(), deployment.attempt(), getContext().getSelf()));
        }
        finished = true;
        entity.getShard().tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
        return this;
    }

    private Behavior<Command> onStop() {
        closeTask();
        return Behaviors.stopped();
    }
}
