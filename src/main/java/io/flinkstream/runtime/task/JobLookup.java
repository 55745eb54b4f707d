package io.flinkstream.runtime.task;

import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.runtime.graph.JobGraph;

import java.io.IOException;

/**
 * The jobs a node's subtasks can run, as the subtasks see them: a job's graph and user-code class loader, and where
 * its checkpoints are written and read. The node's job registry implements it.
 */
public interface JobLookup {
    /**
     * A job known to this node.
     *
     * @param graph the job graph
     * @param classLoader loads the job's user code
     */
    record DeployedJob(JobGraph graph, ClassLoader classLoader) {
    }

    /** The job, or null when this node does not know it. */
    DeployedJob get(String jobId);

    /**
     * Makes job {@code jobId}, submitted to another node, known to this one (on a cluster node: rebuilds its graph
     * from its job class). Completes once {@link #get} finds it, or fails saying why the job cannot run here.
     *
     * @return null when this node cannot find jobs it was not given
     */
    default java.util.concurrent.CompletableFuture<Void> resolve(String jobId) {
        return null;
    }

    /** The store the job's checkpoints are written to on this node, or null. */
    SnapshotStore snapshotStore(String jobId);

    /** Where checkpoint {@code checkpointId} of the job is read from. */
    SnapshotStore storeFor(String jobId, long checkpointId) throws IOException;
}
