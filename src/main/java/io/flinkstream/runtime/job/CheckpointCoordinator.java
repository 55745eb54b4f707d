package io.flinkstream.runtime.job;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.SubtaskCheckpointStats;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One per running job attempt: triggers checkpoints at the sources on the configured interval, collects every
 * subtask's acknowledgement, writes the checkpoint's metadata last (on the blocking dispatcher), then tells every
 * subtask the checkpoint is complete. Expires checkpoints past the timeout and reports to the job master when
 * failed checkpoints exceed the tolerable number. Once every source has read all its input it triggers the final
 * checkpoint at once. Every decision is made by the pure {@link CheckpointPlanner}.
 *
 * <p>One behaviour per state: {@code idle} (nothing pending), {@code checkpointing} (checkpoints pending or
 * metadata being written) and {@code draining} (the attempt is stopping; only metadata writes in flight are
 * finished, so a checkpoint completing in storage is accounted for).
 */
public final class CheckpointCoordinator {

    /** Messages the coordinator understands. */
    public sealed interface Command {
    }

    /** A subtask has written its part of checkpoint {@code checkpointId}. */
    public record AcknowledgeCheckpoint(int vertex, int subtask, int attempt, long checkpointId,
                                        List<StateHandle> handles, SubtaskCheckpointStats stats) implements Command {
        public AcknowledgeCheckpoint {
            handles = List.copyOf(handles);
        }
    }

    /** A subtask could not take or write its part of checkpoint {@code checkpointId}. */
    public record DeclineCheckpoint(int vertex, int subtask, int attempt, long checkpointId, String reason)
            implements Command {
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
    private final List<String> finishedTasks = new ArrayList<>();
    private final CheckpointStatsTracker stats;
    private final Set<String> sourcesWithData = new HashSet<>();
    private int metadataWrites;

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
        this.stats = new CheckpointStatsTracker();
    }

    /**
     * A coordinator for attempt {@code attempt} of the job, whose subtasks are {@code subtasks}; checkpoint ids
     * continue after {@code lastCheckpointId}, and {@code restoredFrom} (nullable) counts as retained.
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
        scheduleTrigger();
        return idle();
    }

    /** No checkpoint pending and no metadata being written: waits for the next trigger. */
    private Behavior<Command> idle() {
        return Behaviors.receive(Command.class)
                .onMessageEquals(Tick.TRIGGER, this::onTrigger)
                .onMessageEquals(Tick.EXPIRE, Behaviors::same)
                .onMessage(AcknowledgeCheckpoint.class, this::onLateMessage)
                .onMessage(DeclineCheckpoint.class, this::onLateMessage)
                .onMessage(SourceDataEnded.class, this::onSourceDataEnded)
                .onMessage(SubtaskFinishedNotice.class, this::onSubtaskFinished)
                .onMessageEquals(Drain.INSTANCE, Behaviors::stopped)
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
                .onMessageEquals(Drain.INSTANCE, this::onDrain)
                .build();
    }

    /**
     * The attempt is stopping: nothing is triggered or acknowledged any more, but a checkpoint whose metadata is
     * being written is still completed (or failed), so it is accounted for and retention holds. Stops once no write
     * is in flight.
     */
    private Behavior<Command> draining() {
        return Behaviors.receive(Command.class)
                .onMessage(MetadataWritten.class, written -> {
                    metadataWrites--;
                    completeCheckpoint(written);
                    timers.cancelAll(); // completing may schedule the next trigger: none while stopping
                    return metadataWrites == 0 ? Behaviors.stopped() : Behaviors.same();
                })
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    /** The behaviour for the planner's and this actor's current state. */
    private Behavior<Command> next() {
        return planner.pendingCheckpoints().isEmpty() && metadataWrites == 0 ? idle() : checkpointing();
    }

    private void scheduleTrigger() {
        planner.nextTriggerTime().ifPresent(due -> timers.startSingleTimer(Tick.TRIGGER, delayUntil(due)));
    }

    private void scheduleExpiry() {
        planner.nextExpiryTime().ifPresent(due -> timers.startSingleTimer(Tick.EXPIRE, delayUntil(due)));
    }

    private Duration delayUntil(Instant due) {
        Duration delay = Duration.between(clock.instant(), due);
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    private Behavior<Command> onDrain() {
        timers.cancelAll();
        return metadataWrites == 0 ? Behaviors.stopped() : draining();
    }

    private Behavior<Command> onLateMessage(Command message) {
        context.getLog().debug("Job '{}': ignoring {}: no checkpoint is pending", graph.jobName(), message);
        return Behaviors.same();
    }

    private Behavior<Command> onTrigger() {
        Instant now = clock.instant();
        if (!planner.shouldTrigger(now)) {
            scheduleTrigger();
            return Behaviors.same();
        }
        long id = planner.trigger(now).checkpointId();
        master.tell(new JobMaster.CheckpointTriggered(attempt, id));
        stats.triggered(id, now);
        SubtaskActor.TriggerCheckpoint trigger = new SubtaskActor.TriggerCheckpoint(attempt, id, now.toEpochMilli(),
                context.getSelf());
        for (JobVertex v : graph.vertices()) {
            if (v.isSource()) {
                subtasks.get(v.id()).forEach(ref -> ref.tell(trigger));
            }
        }
        for (String task : finishedTasks) {
            acknowledge(id, task, List.of());
        }
        scheduleExpiry();
        scheduleTrigger();
        return next();
    }

    private Behavior<Command> onAcknowledge(AcknowledgeCheckpoint ack) {
        if (ack.attempt() != attempt) {
            return Behaviors.same();
        }
        String task = JobGraph.taskKey(ack.vertex(), ack.subtask());
        stats.acknowledged(ack.checkpointId(), task, ack.stats());
        acknowledge(ack.checkpointId(), task, ack.handles());
        return Behaviors.same();
    }

    private void acknowledge(long checkpointId, String task, List<StateHandle> handles) {
        if (planner.acknowledge(checkpointId, task, handles) instanceof CheckpointPlanner.AllAcknowledged all) {
            writeMetadata(all.metadata().withOperators(graph.operatorMetadata()));
        }
    }

    private void writeMetadata(CheckpointMetadata metadata) {
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

    private Behavior<Command> onMetadataWritten(MetadataWritten written) {
        metadataWrites--;
        completeCheckpoint(written);
        return next();
    }

    private void completeCheckpoint(MetadataWritten written) {
        Instant now = clock.instant();
        if (written.error() != null) {
            onFailure(planner.fail(written.checkpointId(), CheckpointFailureReason.WRITE_FAILED,
                    String.valueOf(written.error()), now));
            return;
        }
        planner.complete(written.checkpointId(), now).ifPresent(completion -> {
            CheckpointStats done = stats.completed(written.checkpointId(), now,
                    completion.completed().metadata().stateSize());
            context.getLog().info("Checkpoint {} of job '{}' completed{}: {}", written.checkpointId(),
                    graph.jobName(), planner.isFinalCheckpointCompleted() ? " (final: the input has ended)" : "",
                    done.summary());
            master.tell(new JobMaster.CheckpointEnded(done));
            SubtaskActor.NotifyCheckpointComplete notice =
                    new SubtaskActor.NotifyCheckpointComplete(attempt, written.checkpointId());
            subtasks.values().forEach(refs -> refs.forEach(ref -> ref.tell(notice)));
            discard(completion.discard().stream().map(c -> c.checkpointId()).toList());
        });
        scheduleTrigger();
    }

    private void discard(List<Long> checkpointIds) {
        if (checkpointIds.isEmpty()) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            for (long id : checkpointIds) {
                try {
                    store.discard(id);
                } catch (java.io.IOException e) {
                    context.getSystem().log().warn("Could not delete checkpoint {}: {}", id, e.toString());
                }
            }
        }, blockingIo);
    }

    private Behavior<Command> onDecline(DeclineCheckpoint decline) {
        if (decline.attempt() != attempt) {
            return Behaviors.same();
        }
        onFailure(planner.fail(decline.checkpointId(), CheckpointFailureReason.DECLINED,
                "subtask " + JobGraph.taskKey(decline.vertex(), decline.subtask()) + ": " + decline.reason(),
                clock.instant()));
        return next();
    }

    private Behavior<Command> onExpire() {
        onFailure(planner.expire(clock.instant()));
        scheduleExpiry();
        return next();
    }

    private void onFailure(CheckpointPlanner.FailureOutcome outcome) {
        outcome.failedCheckpoints().forEach(id -> stats.failed(id, clock.instant(), outcome.message())
                .ifPresent(failed -> master.tell(new JobMaster.CheckpointEnded(failed))));
        if (!outcome.failedCheckpoints().isEmpty()) {
            context.getLog().warn("Job '{}': {}", graph.jobName(), outcome.message());
            discard(outcome.failedCheckpoints());
        }
        if (outcome.failJob()) {
            master.tell(new JobMaster.CheckpointingFailed(attempt, outcome.message()));
        }
        scheduleTrigger();
    }

    private Behavior<Command> onSourceDataEnded(SourceDataEnded ended) {
        if (ended.attempt() != attempt) {
            return Behaviors.same();
        }
        sourcesWithData.remove(JobGraph.taskKey(ended.vertex(), ended.subtask()));
        if (sourcesWithData.isEmpty()) {
            context.getLog().debug("Job '{}': every source has read all its input; triggering the final checkpoint",
                    graph.jobName());
            planner.endOfInput(clock.instant());
            scheduleTrigger();
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSubtaskFinished(SubtaskFinishedNotice notice) {
        String task = JobGraph.taskKey(notice.vertex(), notice.subtask());
        if (!finishedTasks.contains(task)) {
            finishedTasks.add(task);
            planner.pendingCheckpoints().forEach(p -> {
                if (p.waitingFor().contains(task)) {
                    acknowledge(p.checkpointId(), task, List.of());
                }
            });
        }
        return next();
    }

    /** Keeps the statistics of every checkpoint of this attempt. */
    private static final class CheckpointStatsTracker {
        private final Map<Long, CheckpointStats> byId = new LinkedHashMap<>();

        void triggered(long id, Instant at) {
            byId.put(id, new CheckpointStats(id, CheckpointStats.Status.PENDING, at, null, 0, Map.of(), null));
        }

        void acknowledged(long id, String task, SubtaskCheckpointStats subtask) {
            byId.computeIfPresent(id, (k, s) -> {
                Map<String, SubtaskCheckpointStats> subtasks = new HashMap<>(s.subtasks());
                subtasks.put(task, subtask);
                return new CheckpointStats(id, s.status(), s.triggerTime(), s.endToEnd(), s.stateBytes(), subtasks,
                        s.failure());
            });
        }

        CheckpointStats completed(long id, Instant at, long bytes) {
            return byId.computeIfPresent(id, (k, s) -> new CheckpointStats(id, CheckpointStats.Status.COMPLETED,
                    s.triggerTime(), Duration.between(s.triggerTime(), at), bytes, s.subtasks(), null));
        }

        Optional<CheckpointStats> failed(long id, Instant at, String reason) {
            return Optional.ofNullable(byId.computeIfPresent(id, (k, s) -> new CheckpointStats(id,
                    CheckpointStats.Status.FAILED, s.triggerTime(), Duration.between(s.triggerTime(), at),
                    s.stateBytes(), s.subtasks(), reason)));
        }
    }
}
