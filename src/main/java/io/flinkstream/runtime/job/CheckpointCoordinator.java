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
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.runtime.task.SubtaskActor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One per running job attempt: triggers checkpoints at the sources on the configured interval, collects every
 * subtask's acknowledgement, writes the checkpoint's metadata last (on the blocking dispatcher), then tells every
 * subtask the checkpoint is complete. Expires checkpoints past the timeout and reports to the job master when
 * failed checkpoints exceed the tolerable number. Every decision is made by the pure {@link CheckpointPlanner}.
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
    private int metadataWrites;
    private boolean draining;

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
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new CheckpointCoordinator(ctx, timers, graph,
                attempt, subtasks, store, master, clock, lastCheckpointId, restoredFrom).start()));
    }

    private Behavior<Command> start() {
        scheduleTrigger();
        return Behaviors.receive(Command.class)
                .onMessageEquals(Drain.INSTANCE, this::onDrain)
                .onMessageEquals(Tick.TRIGGER, this::onTrigger)
                .onMessageEquals(Tick.EXPIRE, this::onExpire)
                .onMessage(AcknowledgeCheckpoint.class, this::onAcknowledge)
                .onMessage(DeclineCheckpoint.class, this::onDecline)
                .onMessage(MetadataWritten.class, this::onMetadataWritten)
                .onMessage(SubtaskFinishedNotice.class, this::onSubtaskFinished)
                .build();
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
        draining = true;
        timers.cancelAll();
        return metadataWrites == 0 ? Behaviors.stopped() : Behaviors.same();
    }

    private Behavior<Command> onTrigger() {
        if (draining) {
            return Behaviors.same();
        }
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
            planner.acknowledge(id, task, List.of());
        }
        scheduleExpiry();
        scheduleTrigger();
        return Behaviors.same();
    }

    private Behavior<Command> onAcknowledge(AcknowledgeCheckpoint ack) {
        if (ack.attempt() != attempt || draining) {
            return Behaviors.same();
        }
        stats.acknowledged(ack.checkpointId(), JobGraph.taskKey(ack.vertex(), ack.subtask()), ack.stats());
        CheckpointPlanner.AckResult result = planner.acknowledge(ack.checkpointId(),
                JobGraph.taskKey(ack.vertex(), ack.subtask()), ack.handles());
        if (result instanceof CheckpointPlanner.AllAcknowledged all) {
            writeMetadata(all.metadata());
        }
        return Behaviors.same();
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
        Behavior<Command> next = completeCheckpoint(written);
        return draining && metadataWrites == 0 ? Behaviors.stopped() : next;
    }

    private Behavior<Command> completeCheckpoint(MetadataWritten written) {
        Instant now = clock.instant();
        if (written.error() != null) {
            return onFailure(planner.fail(written.checkpointId(), CheckpointFailureReason.WRITE_FAILED,
                    String.valueOf(written.error()), now));
        }
        planner.complete(written.checkpointId(), now).ifPresent(completion -> {
            CheckpointStats done = stats.completed(written.checkpointId(), now,
                    completion.completed().metadata().stateSize());
            context.getLog().info("Checkpoint {} of job '{}' completed: {}", written.checkpointId(),
                    graph.jobName(), done.summary());
            master.tell(new JobMaster.CheckpointEnded(done));
            SubtaskActor.NotifyCheckpointComplete notice =
                    new SubtaskActor.NotifyCheckpointComplete(attempt, written.checkpointId());
            subtasks.values().forEach(refs -> refs.forEach(ref -> ref.tell(notice)));
            discard(completion.discard().stream().map(c -> c.checkpointId()).toList());
        });
        scheduleTrigger();
        return Behaviors.same();
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
        return onFailure(planner.fail(decline.checkpointId(), CheckpointFailureReason.DECLINED,
                "subtask " + JobGraph.taskKey(decline.vertex(), decline.subtask()) + ": " + decline.reason(),
                clock.instant()));
    }

    private Behavior<Command> onExpire() {
        Behavior<Command> next = onFailure(planner.expire(clock.instant()));
        scheduleExpiry();
        return next;
    }

    private Behavior<Command> onFailure(CheckpointPlanner.FailureOutcome outcome) {
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
        return Behaviors.same();
    }

    private Behavior<Command> onSubtaskFinished(SubtaskFinishedNotice notice) {
        String task = JobGraph.taskKey(notice.vertex(), notice.subtask());
        if (!finishedTasks.contains(task)) {
            finishedTasks.add(task);
            planner.pendingCheckpoints().forEach(p -> {
                if (p.waitingFor().contains(task)) {
                    CheckpointPlanner.AckResult result = planner.acknowledge(p.checkpointId(), task, List.of());
                    if (result instanceof CheckpointPlanner.AllAcknowledged all) {
                        writeMetadata(all.metadata());
                    }
                }
            });
        }
        return Behaviors.same();
    }

    /** Keeps the statistics of every checkpoint of this attempt. */
    private static final class CheckpointStatsTracker {
        private final Map<Long, CheckpointStats> byId = new java.util.LinkedHashMap<>();

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

        java.util.Optional<CheckpointStats> failed(long id, Instant at, String reason) {
            return java.util.Optional.ofNullable(byId.computeIfPresent(id, (k, s) -> new CheckpointStats(id,
                    CheckpointStats.Status.FAILED, s.triggerTime(), Duration.between(s.triggerTime(), at),
                    s.stateBytes(), s.subtasks(), reason)));
        }
    }
}
