package io.flinkstream.runtime.job;

import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.task.JobLookup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this node runs subtasks of, with the class loader of their user code. Subtask actors look their job up
 * here when deployed; the job master registers a job before deploying it and removes it when the job ends.
 */
public final class JobRegistry implements JobLookup {
    /**
     * Finds a job this node was not given: how the job graph of a job submitted elsewhere reaches a node that hosts
     * its subtasks.
     */
    @FunctionalInterface
    public interface JobResolver {
        /** The job, or null when it cannot be found. */
        DeployedJob resolve(String jobId);
    }

    /**
     * Makes a job known to this node that it was not submitted to: on a cluster, rebuilds the graph of a job whose
     * master runs on another node. Registers the job (and its snapshot store) when the future completes.
     */
    public interface Resolver {
        /** Registers job {@code jobId} on this node, or fails saying why it cannot run here. */
        java.util.concurrent.CompletableFuture<Void> resolve(String jobId);
    }

    private final Map<String, DeployedJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.CompletableFuture<Void>> resolving = new ConcurrentHashMap<>();
    /** Jobs this node rebuilt through the resolver rather than had registered by their master. */
    private final java.util.Set<String> resolved = ConcurrentHashMap.newKeySet();
    private volatile JobResolver lookupResolver;
    private volatile Resolver resolver;

    /** Jobs not registered here are looked up with {@code resolver} from now on (nodes of one JVM, in tests). */
    public void resolveWith(JobResolver resolver) {
        this.lookupResolver = resolver;
    }

    /** Lets this node rebuild jobs it was not submitted to (cluster nodes); without one, such jobs fail. */
    public void setResolver(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Makes job {@code jobId} known through the resolver, once for all the subtasks asking at the same time; a
     * failed resolution is forgotten, so a later attempt tries again.
     *
     * @return null when this node has no resolver
     */
    @Override
    public java.util.concurrent.CompletableFuture<Void> resolve(String jobId) {
        Resolver current = resolver;
        if (current == null) {
            return null;
        }
        if (jobs.containsKey(jobId)) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        java.util.concurrent.CompletableFuture<Void> future = resolving.computeIfAbsent(jobId, current::resolve);
        future.whenComplete((ok, error) -> {
            resolving.remove(jobId, future);
            if (error == null) {
                resolved.add(jobId);
            }
        });
        return future;
    }

    /**
     * The job has ended: if this node only rebuilt it for subtasks (it was submitted elsewhere), forget it. A job
     * registered here by its master is the master's to unregister.
     */
    public void forgetResolved(String jobId) {
        if (resolved.remove(jobId)) {
            unregister(jobId);
        }
    }
    private final Map<String, io.flinkstream.checkpoint.SnapshotStore> stores = new ConcurrentHashMap<>();

    /** Makes the job's snapshot store reachable by its subtasks on this node. */
    public void registerSnapshotStore(String jobId, io.flinkstream.checkpoint.SnapshotStore store) {
        stores.put(jobId, store);
    }

    private final Map<String, io.flinkstream.checkpoint.SnapshotStore> restoreStores = new ConcurrentHashMap<>();

    /**
     * The store of the earlier run's checkpoint a job was started from. Refused (and the store closed) when the job
     * has already ended, e.g. cancelled while its checkpoint was being looked up: nothing would remove it.
     *
     * @return whether the store was registered
     */
    public synchronized boolean registerRestoreStore(String jobId, io.flinkstream.checkpoint.SnapshotStore store) {
        if (!jobs.containsKey(jobId)) {
            closeQuietly(store);
            return false;
        }
        restoreStores.put(jobId, store);
        return true;
    }

    /**
     * Where checkpoint {@code checkpointId} of the job lives: the job's own store if it holds it, else the store of
     * the earlier run the job was started from.
     */
    @Override
    public io.flinkstream.checkpoint.SnapshotStore storeFor(String jobId, long checkpointId) throws java.io.IOException {
        io.flinkstream.checkpoint.SnapshotStore own = stores.get(jobId);
        io.flinkstream.checkpoint.SnapshotStore earlier = restoreStores.get(jobId);
        if (own != null && (earlier == null || own.completedCheckpointIds().contains(checkpointId))) {
            return own;
        }
        return earlier;
    }

    /** The job's snapshot store, or null. */
    @Override
    public io.flinkstream.checkpoint.SnapshotStore snapshotStore(String jobId) {
        return stores.get(jobId);
    }

    public void register(JobGraph graph, ClassLoader classLoader) {
        jobs.put(graph.jobId(), new DeployedJob(graph, classLoader));
    }

    /** Forgets the job; closes the store of the earlier run it was started from (its own store is the master's). */
    public synchronized void unregister(String jobId) {
        jobs.remove(jobId);
        stores.remove(jobId);
        closeQuietly(restoreStores.remove(jobId));
    }

    private static void closeQuietly(io.flinkstream.checkpoint.SnapshotStore store) {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(JobRegistry.class).warn("Could not close snapshot store {}: {}",
                    store, e.toString());
        }
    }

    /** The job, or null when this node does not know it. */
    @Override
    public DeployedJob get(String jobId) {
        DeployedJob job = jobs.get(jobId);
        JobResolver other = lookupResolver;
        return job != null || other == null ? job : other.resolve(jobId);
    }

    public int size() {
        return jobs.size();
    }
}
