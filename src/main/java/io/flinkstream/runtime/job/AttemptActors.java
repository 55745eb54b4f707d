package io.flinkstream.runtime.job;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.cluster.sharding.typed.ShardingEnvelope;
import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.runtime.task.CheckpointReport;
import io.flinkstream.runtime.task.SubtaskActor;
import io.flinkstream.runtime.task.SubtaskReport;

import java.time.Clock;
import java.util.function.BiFunction;

/**
 * The actors of the job's running attempt, driven on behalf of the job master's actor: sends every subtask its
 * {@code Deploy} through Cluster Sharding, watches each as it reports deployed, spawns the attempt's checkpoint
 * coordinator and starts the subtasks once all are deployed, and stops them all (draining the coordinator) when the
 * attempt ends, saying when every one has stopped. It only sends and watches: the attempt's bookkeeping is its
 * {@link SubtaskTracker}, the attempt number and restore point are the {@link AttemptHistory}'s.
 */
final class AttemptActors {
    private final ActorContext<JobMaster.Command> context;
    private final JobGraph graph;
    private final ActorRef<ShardingEnvelope<SubtaskActor.Command>> region;
    private final AttemptHistory attempts;
    /** The master's adapter for its subtasks' reports. */
    private final ActorRef<SubtaskReport> reports;
    private SubtaskTracker tracker;
    private ActorRef<CheckpointCoordinator.Command> coordinator;
    private boolean coordinatorStopping;

    AttemptActors(ActorContext<JobMaster.Command> context, JobGraph graph,
                  ActorRef<ShardingEnvelope<SubtaskActor.Command>> region, AttemptHistory attempts,
                  ActorRef<SubtaskReport> reports) {
        this.context = context;
        this.reports = reports;
        this.graph = graph;
        this.region = region;
        this.attempts = attempts;
        this.tracker = new SubtaskTracker(graph);
    }

    /** The running attempt's bookkeeping: who is deployed, finished, gone, and their counters. */
    SubtaskTracker tracker() {
        return tracker;
    }

    /** Forgets the stopped attempt's subtasks: the next attempt starts with none deployed. */
    void nextAttempt() {
        tracker = new SubtaskTracker(graph);
    }

    /** Sends every subtask its {@code Deploy} for the running attempt. */
    void deploy() {
        int attempt = attempts.current();
        long restoreId = attempts.restoreCheckpointId();
        tellEverySubtask((vertex, subtask) ->
                new SubtaskActor.Deploy(graph.jobId(), vertex, subtask, attempt, reports, restoreId));
    }

    /**
     * Sends {@code Deploy} again to every subtask of the running attempt that has not answered. A {@code Deploy} is
     * lost when the shard region still routes its subtask to a node that has died but is not yet removed from the
     * cluster; sent again, it reaches the subtask's new home once the node is removed. A subtask that already has
     * the attempt's {@code Deploy} ignores the copy (or repeats its answer).
     */
    void deployMissing() {
        int attempt = attempts.current();
        long restoreId = attempts.restoreCheckpointId();
        for (JobVertex vertex : graph.vertices()) {
            for (int s = 0; s < vertex.parallelism(); s++) {
                if (!tracker.isDeployed(vertex.id(), s)) {
                    region.tell(new ShardingEnvelope<>(SubtaskActor.entityId(graph.jobId(), vertex.id(), s),
                            new SubtaskActor.Deploy(graph.jobId(), vertex.id(), s, attempt, reports, restoreId)));
                }
            }
        }
    }

    /** Records and watches a subtask that is deployed; false if it is of an earlier attempt or was already known. */
    boolean deployed(JobMaster.SubtaskDeployed deployed) {
        if (!attempts.isCurrent(deployed.attempt())
                || !tracker.deployed(deployed.vertex(), deployed.subtask(), deployed.ref(), deployed.frames())) {
            return false;
        }
        context.watchWith(deployed.ref(),
                new JobMaster.SubtaskTerminated(attempts.current(), deployed.vertex(), deployed.subtask()));
        return true;
    }

    /**
     * A subtask whose {@code Deploy} was still on the way when the attempt was stopped: watches it and tells it to
     * go.
     */
    void deployedWhileStopping(JobMaster.SubtaskDeployed deployed) {
        if (deployed(deployed)) {
            deployed.ref().tell(new SubtaskActor.Cancel(attempts.current()));
        }
    }

    /**
     * A subtask of the running attempt that stops without having reported deployed (its state could not be loaded,
     * or it was told to stop while loading): watched like a deployed one, so that the attempt counts as stopped once
     * it is gone instead of waiting for a report that never comes.
     */
    void stoppingUndeployed(JobMaster.SubtaskStoppingUndeployed stopping) {
        deployed(new JobMaster.SubtaskDeployed(stopping.vertex(), stopping.subtask(), stopping.attempt(),
                stopping.ref(), null));
    }

    /**
     * Spawns the running attempt's checkpoint coordinator, writing to {@code store}; it answers with
     * {@code CoordinatorReady}, naming where subtasks report to it, and then the subtasks can start.
     */
    void startCoordinator(SnapshotStore store) {
        int attempt = attempts.current();
        coordinator = context.spawn(CheckpointCoordinator.create(graph, attempt, tracker.refsByVertex(), store,
                context.getSelf(), Clock.systemUTC(), attempts.highestCheckpointId(), attempts.restorePoint()),
                "checkpoint-coordinator-" + attempt);
    }

    /** Whether the running attempt has a coordinator (which has not been told to stop). */
    boolean hasCoordinator() {
        return coordinator != null;
    }

    /**
     * Starts every deployed subtask, wired to the others and to the coordinator's report adapter (null without
     * checkpointing).
     */
    void start(ActorRef<CheckpointReport> coordinatorReports) {
        SubtaskActor.Start start = new SubtaskActor.Start(attempts.current(), tracker.framesByVertex(),
                coordinatorReports);
        tracker.deployedSubtasks().forEach(s -> s.ref().tell(start));
    }

    /** A subtask's latest counters; those of an earlier attempt are ignored. */
    void reported(JobMaster.MetricsReported reported) {
        if (attempts.isCurrent(reported.attempt())) {
            tracker.reported(reported.vertex(), reported.subtask(), reported.metrics());
        }
    }

    /** A subtask finished: records its last counters and tells the coordinator, if one runs. */
    void finished(JobMaster.SubtaskFinished finished) {
        tracker.finished(finished.vertex(), finished.subtask(), finished.metrics());
        if (coordinator != null) {
            coordinator.tell(new CheckpointCoordinator.SubtaskFinishedNotice(finished.vertex(), finished.subtask()));
        }
    }

    /**
     * Asks the coordinator to stop once no checkpoint metadata is being written, so a checkpoint completing in
     * storage is always seen (and its subsumed ones deleted) before the job restarts or ends; then tells every
     * subtask {@code stop}.
     */
    void stop(SubtaskActor.Command stop) {
        if (coordinator != null) {
            context.watchWith(coordinator, JobMaster.CoordinatorStopped.INSTANCE);
            coordinator.tell(CheckpointCoordinator.Drain.INSTANCE);
            coordinatorStopping = true;
            coordinator = null;
        }
        tracker.deployedSubtasks().forEach(s -> s.ref().tell(stop));
        // Subtasks whose Deploy is still on its way are told by id, so none is left waiting for a Start.
        if (!tracker.allDeployed()) {
            tellEverySubtask((vertex, subtask) -> stop);
        }
    }

    /** A watched subtask stopped (one of an earlier attempt is no longer tracked); returns {@link #stopped()}. */
    boolean subtaskStopped(JobMaster.SubtaskTerminated terminated) {
        if (attempts.isCurrent(terminated.attempt())) {
            tracker.terminated(terminated.vertex(), terminated.subtask());
        }
        return stopped();
    }

    /** The coordinator asked to stop has stopped; returns {@link #stopped()}. */
    boolean coordinatorStopped() {
        coordinatorStopping = false;
        return stopped();
    }

    /** Every subtask of the attempt and the coordinator have stopped. */
    boolean stopped() {
        return tracker.noneAlive() && tracker.allDeployed() && !coordinatorStopping;
    }

    /** Tells every subtask of the job through sharding, whether or not it is deployed yet. */
    private void tellEverySubtask(BiFunction<Integer, Integer, SubtaskActor.Command> message) {
        for (JobVertex vertex : graph.vertices()) {
            for (int s = 0; s < vertex.parallelism(); s++) {
                region.tell(new ShardingEnvelope<>(SubtaskActor.entityId(graph.jobId(), vertex.id(), s),
                        message.apply(vertex.id(), s)));
            }
        }
    }
}
