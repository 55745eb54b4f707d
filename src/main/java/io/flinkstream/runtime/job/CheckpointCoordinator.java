package io.flinkstream.runtime.job;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.SubtaskCheckpointStats;
import io.flinkstream.checkpoint.CheckpointEffect;
import io.flinkstream.checkpoint.CheckpointFailureReason;
import io.flinkstream.checkpoint.CompletedCheckpoint;
import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.CheckpointPlanner;
import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.checkpoint.StateHandle;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.WireMessage;
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.runtime.task.SubtaskActor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One per running job attempt: triggers checkpoints at the sources on the configured interval, collects every
 * subtask's acknowledgement, writes the checkpoint's metadata last (on the blocking dispatcher), then tells every
 * subtask the checkpoint is complete. Expires checkpoints past the timeout and reports to the job master when
 * failed checkpoints exceed the tolerable number. Once every source has read all its input it triggers the final
 * checkpoint at once. Every decision is made by the pure {@link CheckpointPlanner}, which returns the
 * {@link CheckpointEffect}s to carry out; {@link EffectHandler} carries out every kind (a new kind of effect that it
 * does not handle is a compile error).
 *
 * <p>One behaviour per state: {@code idle} (nothing pending), {@code checkpointing} (checkpoints pending or
 * metadata being written) and {@code draining} (the attempt is stopping: pending checkpoints are aborted and
 * discarded, metadata writes in flight are finished, so a checkpoint completing in storage is accounted for; it
 * stops once no metadata write is in flight, and its deletions may finish after the store closed).
 */
public final class CheckpointCoordinator {

    /** Messages the coordinator understands. */
    public sealed interface Command {
    }

    /** A subtask has written its part of checkpoint {@code checkpointId}. */
    public record AcknowledgeCheckpoint(int vertex, int subtask, int attempt, long checkpointId,
                                        List<StateHandle> handles, SubtaskCheckpointStats stats)
            implements Command, WireMessage {
        public AcknowledgeCheckpoint {
            handles = List.copyOf(handles);
        }
    }

    /** A subtask could not take or write its part of checkpoint {@code checkpointId}. */
    public record DeclineCheckpoint(int vertex, int subtask, int attempt, long checkpointId, String reason)
            implements Command, WireMessage {
    }

    /** A subtask finished: it acknowledges every later checkpoint with no state. */
    public record SubtaskFinishedNotice(int vertex, int subtask) implements Command {
    }

    /**
     * A source subtask has read all its input, run its operators' {@code finish()} and sent the end of its data
     * downstream; once every source has, the final checkpoint is triggered at once. The subtask keeps running
     * until that checkpoint completes, so what its operators emitted at the end is covered by it.
     */
    public record SourceDataEnded(int vertex, int subtask, int attempt) implements Command, WireMessage {
    }

    /** Stop triggering; stop once no metadata write is in flight. */
    public enum Drain implements Command { INSTANCE }

    private record MetadataWritten(long checkpointId, String location, Throwable error) implements Command {
    }

    private enum Tick implements Command { TRIGGER, EXPIRE }

    /** A discard this coordinator started on the blocking dispatcher returned. */
    private enum DiscardDone implements Command { INSTANCE }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final JobGraph graph;
    private final int attempt;
    private final Map<Integer, List<ActorRef<SubtaskActor.Command>>> subtasks;
    private final SnapshotStore store;
    private final ActorRef<JobMaster.Command> master;
    private final Clock clock;
    private final CheckpointPlanner planner;
    private final Executor blockingIo;
    private final PendingCheckpointStats stats = new PendingCheckpointStats();
    private final Set<String> sourcesWithData = new HashSet<>();
    private final EffectHandler effects = new EffectHandler();
    private int metadataWrites;
    private int discards;

    private CheckpointCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers, JobGraph graph,
                                  int attempt, Map<Integer, List<ActorRef<SubtaskActor.Command>>> subtasks,
                                  SnapshotStore store, ActorRef<JobMaster.Command> master, Clock clock,
                                  long lastCheckpointId, CheckpointMetadata restoredFrom) {
        this.context = context;
        this.timers = timers;
        this.graph = graph;
        this.attempt = attempt;
        this.subtasks = subtasks;
        this.store = store;
        this.master = master;
        this.clock = clock;
        List<String> taskKeys = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            for (int s = 0; s < v.parallelism(); s++) {
                taskKeys.add(JobGraph.taskKey(v.id(), s));
                if (v.isSource()) {
                    sourcesWithData.add(JobGraph.taskKey(v.id(), s));
                }
            }
        }
        this.planner = new CheckpointPlanner(graph.jobId(), graph.checkpointing().config(), taskKeys, clock.instant(),
                Math.max(lastCheckpointId, restoredFrom == null ? 0 : restoredFrom.checkpointId()),
                restoredFrom == null ? List.of() : List.of(CompletedCheckpoint.restored(restoredFrom)));
        this.blockingIo = context.getSystem().dispatchers()
                .lookup(DispatcherSelector.fromConfig("flinkstream.snapshot-dispatcher"));
    }

    /**
     * A coordinator for attempt {@code attempt} of the job, whose subtasks are {@code subtasks}; checkpoint ids
     * continue after {@code lastCheckpointId} (the highest id any earlier attempt triggered, so ids are unique over
     * the job's attempts), and {@code restoredFrom} (nullable) counts as retained.
     */
    public static Behavior<Command> create(JobGraph graph, int attempt,
                                           Map<Integer, List<ActorRef<SubtaskActor.Command>>> subtasks,
                                           SnapshotStore store, ActorRef<JobMaster.Command> master, Clock clock,
                                           long lastCheckpointId, CheckpointMetadata restoredFrom) {
        return Behaviors.setup(ctx -> {
            ctx.setLoggerName(CheckpointCoordinator.class);
            return Behaviors.withTimers(timers -> new CheckpointCoordinator(ctx, timers, graph, attempt, subtasks,
                    store, master, clock, lastCheckpointId, restoredFrom).start());
        });
    }

    private Behavior<Command> start() {
        execute(planner.onTriggerDue(clock.instant()));
        return next();
    }

    /** No checkpoint pending and no metadata being written: waits for the next trigger. */
    private Behavior<Command> idle() {
        return Behaviors.receive(Command.class)
                .onMessageEquals(Tick.TRIGGER, this::onTrigger)
                .onMessageEquals(Tick.EXPIRE, Behaviors::same)
                .onMessage(AcknowledgeCheckpoint.class, this::onAcknowledge)
                .onMessage(DeclineCheckpoint.class, this::onLateMessage)
                .onMessage(SourceDataEnded.class, this::onSourceDataEnded)
                .onMessage(SubtaskFinishedNotice.class, this::onSubtaskFinished)
                .onMessageEquals(DiscardDone.INSTANCE, this::onDiscardDone)
                .onMessageEquals(Drain.INSTANCE, this::onDrain)
                .build();
    }

    /** At least one checkpoint is pending or has its metadata being written. */
    private Behavior<Command> checkpointing() {
        return Behaviors.receive(Command.class)
                .onMessageEquals(Tick.TRIGGER, this::onTrigger)
                .onMessageEquals(Tick.EXPIRE, this::onExpire)
                .onMessage(AcknowledgeCheckpoint.class, this::onAcknowledge)
                .onMessage(DeclineCheckpoint.class, this::onDecline)
                .onMessage(MetadataWritten.class, this::onMetadataWritten)
                .onMessage(SourceDataEnded.class, this::onSourceDataEnded)
                .onMessage(SubtaskFinishedNotice.class, this::onSubtaskFinished)
                .onMessageEquals(DiscardDone.INSTANCE, this::onDiscardDone)
                .onMessageEquals(Drain.INSTANCE, this::onDrain)
                .build();
    }

    /**
     * The attempt is stopping: nothing is triggered any more, and pending checkpoints were aborted and discarded. A
     * checkpoint whose metadata is being written is still completed (or failed), so it is accounted for and
     * retention holds; late acknowledgements still discard what they wrote. Stops once no metadata write is in
     * flight.
     */
    private Behavior<Command> draining() {
        return Behaviors.receive(Command.class)
                .onMessage(MetadataWritten.class, written -> {
                    metadataWrites--;
                    execute(planner.onMetadataWritten(written.checkpointId(), written.error(), clock.instant()));
                    return drainedOrSame();
                })
                .onMessage(AcknowledgeCheckpoint.class, ack -> {
                    onAcknowledge(ack);
                    return drainedOrSame();
                })
                .onMessageEquals(DiscardDone.INSTANCE, () -> {
                    discards--;
                    return drainedOrSame();
                })
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    /**
     * Deletions are not waited for: they may queue behind state writes stalled on the snapshot dispatcher, and
     * the store accepts them after it closed.
     */
    private Behavior<Command> drainedOrSame() {
        return metadataWrites == 0 ? Behaviors.stopped() : Behaviors.same();
    }

    /** The behaviour for the planner's and this actor's current state. */
    private Behavior<Command> next() {
        return planner.pendingCheckpoints().isEmpty() && metadataWrites == 0 ? idle() : checkpointing();
    }

    private Behavior<Command> onDrain() {
        timers.cancelAll();
        execute(planner.onDrain(clock.instant()));
        return metadataWrites == 0 ? Behaviors.stopped() : draining();
    }

    private Behavior<Command> onDiscardDone() {
        discards--;
        return Behaviors.same();
    }

    private Behavior<Command> onLateMessage(Command message) {
        context.getLog().debug("Job '{}': ignoring {}: no checkpoint is pending", graph.jobName(), message);
        return Behaviors.same();
    }

    private Behavior<Command> onTrigger() {
        execute(planner.onTriggerDue(clock.instant()));
        return next();
    }

    private Behavior<Command> onAcknowledge(AcknowledgeCheckpoint ack) {
        if (ack.attempt() != attempt) {
            execute(planner.onStaleAcknowledgement(ack.checkpointId(), ack.handles()));
            return Behaviors.same();
        }
        String task = JobGraph.taskKey(ack.vertex(), ack.subtask());
        stats.acknowledged(ack.checkpointId(), task, ack.stats());
        execute(planner.onAcknowledge(ack.checkpointId(), task, ack.handles(), clock.instant()));
        return next();
    }

    private Behavior<Command> onMetadataWritten(MetadataWritten written) {
        metadataWrites--;
        execute(planner.onMetadataWritten(written.checkpointId(), written.error(), clock.instant()));
        return next();
    }

    private Behavior<Command> onDecline(DeclineCheckpoint decline) {
        if (decline.attempt() != attempt) {
            return Behaviors.same();
        }
        execute(planner.onDecline(decline.checkpointId(), "subtask "
                + JobGraph.taskKey(decline.vertex(), decline.subtask()) + ": " + decline.reason(), clock.instant()));
        return next();
    }

    private Behavior<Command> onExpire() {
        execute(planner.onExpiryDue(clock.instant()));
        return next();
    }

    private Behavior<Command> onSourceDataEnded(SourceDataEnded ended) {
        if (ended.attempt() != attempt) {
            return Behaviors.same();
        }
        sourcesWithData.remove(JobGraph.taskKey(ended.vertex(), ended.subtask()));
        if (sourcesWithData.isEmpty()) {
            context.getLog().debug("Job '{}': every source has read all its input; triggering the final checkpoint",
                    graph.jobName());
            execute(planner.onEndOfInput(clock.instant()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSubtaskFinished(SubtaskFinishedNotice notice) {
        execute(planner.onTaskFinished(JobGraph.taskKey(notice.vertex(), notice.subtask()), clock.instant()));
        return next();
    }

    private void execute(List<CheckpointEffect> decided) {
        decided.forEach(effect -> effect.applyTo(effects));
    }

    private Duration delayUntil(Instant due) {
        Duration delay = Duration.between(clock.instant(), due);
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    private void tellEverySubtask(SubtaskActor.Command message) {
        subtasks.values().forEach(refs -> refs.forEach(ref -> ref.tell(message)));
    }

    /** Carries out the planner's effects: the only place the coordinator acts on a decision. */
    private final class EffectHandler implements CheckpointEffect.Handler {
        @Override
        public void triggerSources(CheckpointEffect.TriggerSources effect) {
            long id = effect.checkpointId();
            master.tell(new JobMaster.CheckpointTriggered(attempt, id));
            stats.triggered(id, effect.timestamp());
            SubtaskActor.TriggerCheckpoint trigger = new SubtaskActor.TriggerCheckpoint(attempt, id,
                    effect.timestamp().toEpochMilli(), context.getSelf());
            for (JobVertex v : graph.vertices()) {
                if (v.isSource()) {
                    subtasks.get(v.id()).forEach(ref -> ref.tell(trigger));
                }
            }
        }

        @Override
        public void writeMetadata(CheckpointEffect.WriteMetadata effect) {
            CheckpointMetadata metadata = effect.metadata().withOperators(graph.operatorMetadata());
            metadataWrites++;
            CompletableFuture<String> written = CompletableFuture.supplyAsync(() -> {
                try {
                    return store.writeMetadata(metadata);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, blockingIo);
            context.pipeToSelf(written, (location, error) -> new MetadataWritten(metadata.checkpointId(), location,
                    error));
        }

        @Override
        public void notifyComplete(CheckpointEffect.NotifyComplete effect) {
            long id = effect.checkpoint().checkpointId();
            CheckpointStats done = stats.completed(id, clock.instant(), effect.checkpoint().metadata().stateSize())
                    .orElseGet(() -> new CheckpointStats(id, CheckpointStats.Status.COMPLETED,
                            effect.checkpoint().triggeredAt(), Duration.ZERO,
                            effect.checkpoint().metadata().stateSize(), Map.of(), null));
            context.getLog().info("Checkpoint {} of job '{}' completed{}: {}", id, graph.jobName(),
                    effect.isFinal() ? " (final: the input has ended)" : "", done.summary());
            master.tell(new JobMaster.CheckpointEnded(done));
            tellEverySubtask(new SubtaskActor.NotifyCheckpointComplete(attempt, id));
        }

        @Override
        public void notifyAborted(CheckpointEffect.NotifyAborted effect) {
            long id = effect.checkpointId();
            if (effect.reason().countsAsFailure()) {
                context.getLog().warn("Job '{}': {}", graph.jobName(), effect.message());
            } else {
                context.getLog().debug("Job '{}': {}", graph.jobName(), effect.message());
            }
            stats.failed(id, clock.instant(), effect.message())
                    .ifPresent(failed -> master.tell(new JobMaster.CheckpointEnded(failed)));
            tellEverySubtask(new SubtaskActor.NotifyCheckpointAborted(attempt, id));
        }

        @Override
        public void discardCheckpoint(CheckpointEffect.DiscardCheckpoint effect) {
            long id = effect.checkpointId();
            discards++;
            CompletableFuture<Void> discarded = CompletableFuture.runAsync(() -> {
                try {
                    store.discard(id);
                } catch (java.io.IOException | RuntimeException e) {
                    context.getSystem().log().warn("Could not delete checkpoint {} ({}): {}", id, effect.why(),
                            e.toString());
                }
            }, blockingIo);
            context.pipeToSelf(discarded, (ok, error) -> DiscardDone.INSTANCE);
        }

        @Override
        public void failJob(CheckpointEffect.FailJob effect) {
            master.tell(new JobMaster.CheckpointingFailed(attempt, effect.message()));
        }

        @Override
        public void scheduleTrigger(CheckpointEffect.ScheduleTrigger effect) {
            timers.startSingleTimer(Tick.TRIGGER, delayUntil(effect.at()));
        }

        @Override
        public void scheduleExpiry(CheckpointEffect.ScheduleExpiry effect) {
            timers.startSingleTimer(Tick.EXPIRE, delayUntil(effect.at()));
        }
    }
}
