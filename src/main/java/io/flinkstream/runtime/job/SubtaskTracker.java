package io.flinkstream.runtime.job;

import akka.actor.typed.ActorRef;
import io.flinkstream.api.JobMetrics;
import io.flinkstream.api.VertexMetrics;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.runtime.network.frames.Frame;
import io.flinkstream.runtime.task.SubtaskActor;
import io.flinkstream.runtime.task.TaskMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The job master's bookkeeping of its subtasks: who is deployed, finished, gone, and their latest counters.
 * Pure: no actor, no I/O.
 */
final class SubtaskTracker {
    private final JobGraph graph;
    private final List<List<ActorRef<SubtaskActor.Command>>> refs = new ArrayList<>();
    private final List<List<ActorRef<Frame>>> frames = new ArrayList<>();
    private final TaskMetrics[][] metrics;
    private final boolean[][] finished;
    private final boolean[][] alive;
    private int deployedCount;
    private int finishedCount;
    private int aliveCount;

    SubtaskTracker(JobGraph graph) {
        this.graph = graph;
        int vertices = graph.vertices().size();
        metrics = new TaskMetrics[vertices][];
        finished = new boolean[vertices][];
        alive = new boolean[vertices][];
        for (JobVertex v : graph.vertices()) {
            List<ActorRef<SubtaskActor.Command>> slots = new ArrayList<>();
            for (int s = 0; s < v.parallelism(); s++) {
                slots.add(null);
            }
            refs.add(slots);
            frames.add(new ArrayList<>(java.util.Collections.nCopies(v.parallelism(), null)));
            metrics[v.id()] = new TaskMetrics[v.parallelism()];
            java.util.Arrays.fill(metrics[v.id()], TaskMetrics.EMPTY);
            finished[v.id()] = new boolean[v.parallelism()];
            alive[v.id()] = new boolean[v.parallelism()];
        }
    }

    /**
     * Records a deployed subtask; returns false if it was already known.
     *
     * @param frames where its frames go; null for a subtask stopping without having deployed
     */
    boolean deployed(int vertex, int subtask, ActorRef<SubtaskActor.Command> ref, ActorRef<Frame> frames) {
        if (refs.get(vertex).get(subtask) != null) {
            return false;
        }
        refs.get(vertex).set(subtask, ref);
        this.frames.get(vertex).set(subtask, frames);
        alive[vertex][subtask] = true;
        deployedCount++;
        aliveCount++;
        return true;
    }

    /** Whether the subtask has reported deployed (or stopping undeployed) in this attempt. */
    boolean isDeployed(int vertex, int subtask) {
        return refs.get(vertex).get(subtask) != null;
    }

    boolean allDeployed() {
        return deployedCount == graph.subtaskCount();
    }

    void finished(int vertex, int subtask, TaskMetrics last) {
        metrics[vertex][subtask] = last;
        if (!finished[vertex][subtask]) {
            finished[vertex][subtask] = true;
            finishedCount++;
        }
    }

    boolean isFinished(int vertex, int subtask) {
        return finished[vertex][subtask];
    }

    boolean allFinished() {
        return finishedCount == graph.subtaskCount();
    }

    void reported(int vertex, int subtask, TaskMetrics latest) {
        metrics[vertex][subtask] = latest;
    }

    /** Records that a subtask actor stopped; returns false if it was already known to be gone. */
    boolean terminated(int vertex, int subtask) {
        if (!alive[vertex][subtask]) {
            return false;
        }
        alive[vertex][subtask] = false;
        aliveCount--;
        return true;
    }

    boolean noneAlive() {
        return aliveCount == 0;
    }

    /** Every deployed subtask's reference, with its vertex and index. */
    List<DeployedSubtask> deployedSubtasks() {
        List<DeployedSubtask> result = new ArrayList<>();
        for (int v = 0; v < refs.size(); v++) {
            for (int s = 0; s < refs.get(v).size(); s++) {
                if (refs.get(v).get(s) != null) {
                    result.add(new DeployedSubtask(v, s, refs.get(v).get(s)));
                }
            }
        }
        return result;
    }

    /** Where each subtask's frames go, by vertex, for {@link SubtaskActor.Start}. */
    Map<Integer, List<ActorRef<Frame>>> framesByVertex() {
        Map<Integer, List<ActorRef<Frame>>> result = new HashMap<>();
        for (int v = 0; v < frames.size(); v++) {
            result.put(v, java.util.Collections.unmodifiableList(new ArrayList<>(frames.get(v))));
        }
        return result;
    }

    /** The subtasks' references by vertex, for the checkpoint coordinator. */
    Map<Integer, List<ActorRef<SubtaskActor.Command>>> refsByVertex() {
        Map<Integer, List<ActorRef<SubtaskActor.Command>>> result = new HashMap<>();
        for (int v = 0; v < refs.size(); v++) {
            result.put(v, List.copyOf(refs.get(v)));
        }
        return result;
    }

    JobMetrics jobMetrics(List<io.flinkstream.api.CheckpointStats> checkpoints, int restarts,
                          io.flinkstream.api.CheckpointCounts counts) {
        List<VertexMetrics> vertices = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            long in = 0;
            long source = 0;
            long stalls = 0;
            int maxQueued = 0;
            int credits = graph.settings().creditsPerChannel();
            for (TaskMetrics m : metrics[v.id()]) {
                in += m.recordsIn();
                source += m.sourceRecords();
                stalls += m.backpressureStalls();
                maxQueued = Math.max(maxQueued, m.maxQueuedPerChannel());
            }
            vertices.add(new VertexMetrics(v.name(), v.parallelism(), in, source, maxQueued, credits, stalls));
        }
        return new JobMetrics(vertices, checkpoints, restarts, counts);
    }

    /**
     * A deployed subtask.
     *
     * @param vertex vertex id
     * @param subtask subtask index
     * @param ref its actor
     */
    record DeployedSubtask(int vertex, int subtask, ActorRef<SubtaskActor.Command> ref) {
    }
}
