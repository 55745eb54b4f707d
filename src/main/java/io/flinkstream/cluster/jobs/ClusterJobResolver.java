package io.flinkstream.cluster.jobs;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AskPattern;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobGraphFingerprint;
import io.flinkstream.runtime.job.JobRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * How a cluster node comes to know a job whose master runs on another node, when a subtask of it is deployed here:
 * asks the job manager for the job's spec and fingerprint, rebuilds the graph from the job class on this node's
 * classpath ({@link PlanCapture}), and registers it (with the job's snapshot store, on storage every node sees) only
 * if its fingerprint is the submitted one. Nothing user-defined arrives over the wire.
 */
public final class ClusterJobResolver implements JobRegistry.Resolver {
    private final ActorSystem<?> system;
    private final ActorRef<JobManager.Command> manager;
    private final JobHost host;

    public ClusterJobResolver(ActorSystem<?> system, ActorRef<JobManager.Command> manager, JobHost host) {
        this.system = system;
        this.manager = manager;
        this.host = host;
    }

    @Override
    public CompletableFuture<Void> resolve(String jobId) {
        return AskPattern.<JobManager.Command, JobManager.JobSpecReply>ask(manager,
                        replyTo -> new JobManager.GetJobSpec(jobId, replyTo), host.askTimeout(), system.scheduler())
                .toCompletableFuture()
                .thenApplyAsync(reply -> {
                    register(jobId, reply);
                    return (Void) null;
                }, blockingIo());
    }

    /** Rebuilds, checks and registers the job; runs the job's main, so never on an actor's thread. */
    void register(String jobId, JobManager.JobSpecReply reply) {
        if (reply.spec() == null) {
            throw new JobPlanException("Job " + jobId + " is not running on the cluster (the job manager does not "
                    + "know it), so " + host.where() + " cannot run its subtasks");
        }
        JobGraph graph = PlanCapture.run(reply.spec(), jobId, host.jobClassLoader(), host.config(), host.where());
        String fingerprint = JobGraphFingerprint.of(graph);
        if (!fingerprint.equals(reply.fingerprint())) {
            throw new JobPlanException("Job class " + reply.spec().jobClass() + " builds a different job graph on "
                    + host.where() + " than on the node it was submitted to (fingerprint " + fingerprint.substring(0, 12)
                    + " instead of " + reply.fingerprint().substring(0, 12) + "): the nodes hold different versions "
                    + "of the job's jar or different flinkstream settings, or its main depends on more than its "
                    + "arguments. Deploy the same jar and settings on every node");
        }
        host.registry().register(graph, host.jobClassLoader());
        if (graph.checkpointing().enabled()) {
            try {
                host.registry().registerSnapshotStore(jobId, graph.checkpointing().backend()
                        .createSnapshotStore(jobId));
            } catch (IOException e) {
                throw new UncheckedIOException("The snapshot store of job " + jobId + " cannot be opened on "
                        + host.where(), e);
            }
        }
    }

    private Executor blockingIo() {
        return system.dispatchers().lookup(DispatcherSelector.fromConfig("flinkstream.snapshot-dispatcher"));
    }
}
