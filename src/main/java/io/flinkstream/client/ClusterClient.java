package io.flinkstream.client;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.cluster.NodeTraffic;
import io.flinkstream.cluster.jobs.JobGateway;
import io.flinkstream.cluster.jobs.JobManager;
import io.flinkstream.cluster.jobs.JobSpec;
import io.flinkstream.runtime.graph.JobGraph;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Submits jobs to a running FlinkStream cluster and follows them. The client is not a cluster member: it opens an
 * Akka remoting endpoint of its own ({@code flinkstream.client.hostname}/{@code port}) and talks to the job gateway
 * of the one node it is given, which hands every request to the cluster's job manager. So it hosts no subtasks and no
 * jobs, and may come and go at any time; a job runs on without it.
 *
 * <pre>{@code
 * try (ClusterClient client = ClusterClient.connect("127.0.0.1:2552")) {
 *     ClusterJob job = client.submit("com.example.WordCount", "--input", "/data/in");
 *     JobManager.JobStatusReply end = job.awaitTermination(Duration.ofMinutes(10));
 * }
 * }</pre>
 */
public final class ClusterClient implements AutoCloseable {
    private final ActorSystem<Void> system;
    private final ActorRef<JobManager.Command> gateway;
    private final String seed;
    private final Duration askTimeout;
    private final Duration statusTimeout;
    private final String cluster;
    private volatile boolean closed;

    private ClusterClient(ActorSystem<Void> system, ActorRef<JobManager.Command> gateway, String seed,
                          Duration askTimeout, Duration statusTimeout, String cluster) {
        this.system = system;
        this.gateway = gateway;
        this.seed = seed;
        this.askTimeout = askTimeout;
        this.statusTimeout = statusTimeout;
        this.cluster = cluster;
    }

    /** Connects to the node at {@code seed} ({@code host:port}), configured by {@code application.conf}. */
    public static ClusterClient connect(String seed) {
        return connect(seed, ConfigFactory.empty());
    }

    /**
     * Connects to the node at {@code seed} ({@code host:port}) with {@code overrides} on top of the configuration.
     *
     * @throws IllegalArgumentException if {@code seed} is not {@code host:port}
     * @throws IllegalStateException naming the address if no FlinkStream node answers there within
     *     {@code flinkstream.client.connect-timeout}
     */
    public static ClusterClient connect(String seed, Config overrides) {
        HostPort address = HostPort.parse(seed);
        Config base = overrides.withFallback(ConfigFactory.load());
        Config config = ConfigFactory.parseString("""
                akka.actor.provider = remote
                akka.remote.artery.canonical.hostname = "%s"
                akka.remote.artery.canonical.port = %d
                akka.coordinated-shutdown.exit-jvm = off
                akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """.formatted(base.getString("flinkstream.client.hostname"), base.getInt("flinkstream.client.port")))
                .withFallback(base);
        String cluster = config.getString("flinkstream.system-name");
        Duration connectTimeout = config.getDuration("flinkstream.client.connect-timeout");
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "flinkstream-client", config);
        String path = "akka://" + cluster + "@" + address + "/system/" + JobGateway.NAME;
        try {
            akka.actor.ActorRef gateway = Adapter.toClassic(system).actorSelection(path)
                    .resolveOne(connectTimeout).toCompletableFuture()
                    .get(connectTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return new ClusterClient(system, Adapter.toTyped(gateway), seed,
                    config.getDuration("flinkstream.client.ask-timeout"),
                    config.getDuration("flinkstream.client.status-timeout"), cluster);
        } catch (ExecutionException | TimeoutException e) {
            system.terminate();
            throw new IllegalStateException("No FlinkStream node answered at " + address + " within "
                    + seconds(connectTimeout) + " (flinkstream.client.connect-timeout): is a node running "
                    + "there, and is its cluster named '" + cluster + "' (flinkstream.system-name)?", e);
        } catch (InterruptedException e) {
            system.terminate();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to " + address, e);
        }
    }

    /** A node's address as {@code host:port}. */
    record HostPort(String host, int port) {
        static HostPort parse(String value) {
            if (value != null && (value.contains("://") || value.contains("@") || value.contains("/"))) {
                throw new IllegalArgumentException("A cluster address is host:port, e.g. 127.0.0.1:2552, not '"
                        + value + "': give a node's host and port without the akka://<system-name>@ of "
                        + "akka.cluster.seed-nodes (the client takes the system name from flinkstream.system-name)");
            }
            int colon = value == null ? -1 : value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new IllegalArgumentException("A cluster address is host:port, e.g. 127.0.0.1:2552, not '"
                        + value + "'");
            }
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException("out of range");
                }
                return new HostPort(value.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The port of cluster address '" + value + "' must be a number "
                        + "from 1 to 65535");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A timeout as a user wrote it: whole seconds as "10 s", anything else in milliseconds ("1500 ms"). */
    static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** Submits {@code jobClass} with {@code args}; see {@link #submit(JobSpec)}. */
    public ClusterJob submit(String jobClass, String... args) {
        return submit(new JobSpec(jobClass, List.of(args)));
    }

    /**
     * Submits a job: a class on every node's classpath, and its arguments. Returns once the cluster has admitted the
     * job (persisted it), so it runs even if this client goes away.
     *
     * @throws JobSubmissionException when the cluster refuses the job (its message says why) or does not answer
     */
    public ClusterJob submit(JobSpec spec) {
        String jobId = JobGraph.newJobId();
        JobManager.SubmitReply reply = ask(replyTo -> new JobManager.SubmitJob(jobId, spec, replyTo),
                "submitting " + spec);
        if (reply instanceof JobManager.JobRefused refused) {
            throw new JobSubmissionException("The cluster at " + seed + " refused job " + spec + ": "
                    + refused.reason());
        }
        return new ClusterJob(this, jobId);
    }

    /** A handle on a job submitted earlier, by its id. */
    public ClusterJob job(String jobId) {
        return new ClusterJob(this, jobId);
    }

    /**
     * The data-plane counters of the node at {@code node} ({@code host:port}, any node of this cluster), with the
     * subtasks of {@code jobId} it hosts ({@code null}: none). Counters grow from the node's start: subtract an
     * earlier report. Used by {@code bench --cluster-jvms}.
     *
     * @throws JobSubmissionException when the node does not answer within {@code flinkstream.client.ask-timeout}
     */
    public NodeTraffic.TrafficReport traffic(String node, String jobId) {
        checkOpen("asking " + node + " for its traffic");
        String path = "akka://" + cluster + "@" + HostPort.parse(node) + "/system/" + NodeTraffic.NAME;
        try {
            ActorRef<NodeTraffic.Command> probe = Adapter.toTyped(Adapter.toClassic(system).actorSelection(path)
                    .resolveOne(askTimeout).toCompletableFuture().get());
            return AskPattern.<NodeTraffic.Command, NodeTraffic.TrafficReport>ask(probe,
                    replyTo -> new NodeTraffic.GetTraffic(jobId, replyTo), askTimeout, system.scheduler())
                    .toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new JobSubmissionException("The node at " + node + " did not report its traffic within "
                    + askTimeout.toSeconds() + " s (flinkstream.client.ask-timeout): " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobSubmissionException("Interrupted asking " + node + " for its traffic", e);
        }
    }

    <T> T ask(Function<ActorRef<T>, JobManager.Command> request, String what) {
        return ask(request, what, askTimeout, "flinkstream.client.ask-timeout");
    }

    /**
     * Asks where a job stands, giving up after {@code flinkstream.client.status-timeout}: a question in flight when
     * the job manager's node dies is lost, and the next one, after the manager moved, is answered.
     */
    <T> T askStatus(Function<ActorRef<T>, JobManager.Command> request, String what) {
        return ask(request, what, statusTimeout, "flinkstream.client.status-timeout");
    }

    private <T> T ask(Function<ActorRef<T>, JobManager.Command> request, String what, Duration timeout,
                      String setting) {
        checkOpen(what);
        try {
            return AskPattern.ask(gateway, request::apply, timeout, system.scheduler()).toCompletableFuture()
                    .get();
        } catch (ExecutionException e) {
            throw new JobSubmissionException("The cluster at " + seed + " did not answer within "
                    + timeout.toMillis() + " ms " + what + " (" + setting + "): " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobSubmissionException("Interrupted " + what, e);
        }
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException("This ClusterClient of " + seed + " is closed, " + what + ": connect "
                    + "again (ClusterClient.connect) to follow jobs; they run on without a client");
        }
    }

    /** Shuts the client's endpoint down; jobs it submitted run on. Calls after it fail saying it is closed. */
    @Override
    public void close() {
        closed = true;
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing: nothing left to do.
        }
    }
}
