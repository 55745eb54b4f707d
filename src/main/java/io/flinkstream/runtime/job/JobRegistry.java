package io.flinkstream.runtime.job;

import io.flinkstream.runtime.graph.JobGraph;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this node runs subtasks of, with the class loader of their user code. Subtask actors look their job up
 * here when deployed; the job master registers a job before deploying it and removes it when the job ends.
 */
public final class JobRegistry {
    /**
     * A job known to this node.
     *
     * @param graph the job graph
     * @param classLoader loads the job's user code
     */
    public record RegisteredJob(JobGraph graph, ClassLoader classLoader) {
    }

    private final Map<String, RegisteredJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, io.flinkstream.checkpoint.SnapshotStore> stores = new ConcurrentHashMap<>();

    /** Makes the job's snapshot store reachable by its subtasks on this node. */
    public void registerSnapshotStore(String jobId, io.flinkstream.checkpoint.SnapshotStore store) {
        stores.put(jobId, store);
    }

    private final Map<String, io.flinkstream.checkpoint.SnapshotStore> restoreStores = new ConcurrentHashMap<>();

    /** The store of the earlier run's checkpoint a job was started from. */
    public void registerRestoreStore(String jobId, io.flinkstream.checkpoint.SnapshotStore store) {
        restoreStores.put(jobId, store);
    }

    /**
     * Where checkpoint {@code checkpointId} of the job lives: the job's own store if it holds it, else the store of
     * the earlier run the job was started from.
     */
    public io.flinkstream.checkpoint.SnapshotStore storeFor(String jobId, long checkpointId) throws java.io.IOException {
        io.flinkstream.checkpoint.SnapshotStore own = stores.get(jobId);
        io.flinkstream.checkpoint.SnapshotStore earlier = restoreStores.get(jobId);
        if (own != null && (earlier == null || own.completedCheckpointIds().contains(checkpointId))) {
            return own;
        }
        return earlier;
    }

    /** The job's snapshot store, or null. */
    public io.flinkstream.checkpoint.SnapshotStore snapshotStore(String jobId) {
        return stores.get(jobId);
    }

    public void register(JobGraph graph, ClassLoader classLoader) {
        jobs.put(graph.jobId(), new RegisteredJob(graph, classLoader));
    }

    public void unregister(String jobId) {
        jobs.remove(jobId);
        stores.remove(jobId);
        restoreStores.remove(jobId);
    }

    /** The job, or null when this node does not know it. */
    public RegisteredJob get(String jobId) {
        return jobs.get(jobId);
    }

    public int size() {
        return jobs.size();
    }
}
