package io.flinkstream.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.typed.ShardingEnvelope;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.JobMetrics;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.SingletonActor;
import io.flinkstream.cluster.jobs.ClusterJobResolver;
import io.flinkstream.cluster.jobs.JobGateway;
import io.flinkstream.cluster.jobs.JobHost;
import io.flinkstream.cluster.jobs.JobManager;
import io.flinkstream.cluster.jobs.JournalSettings;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.job.JobClientImpl;
import io.flinkstream.runtime.job.JobMaster;
import io.flinkstream.runtime.job.JobRegistry;
import io.flinkstream.runtime.task.SubtaskActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A FlinkStream node: an Akka cluster member hosting the sharded subtask actors and the job masters of the jobs
 * submitted to it. {@link #startEmbedded()} is the single-node default: a cluster of one on loopback (free port)
 * that joins itself, so a laptop runs the same code path as a cluster.
 *
 * <pre>{@code
 * try (FlinkStreamNode node = FlinkStreamNode.startEmbedded()) {
 *     StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(node);
 *     ...
 * }
 * }</pre>
 */
public final class FlinkStreamNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkStreamNode.class);

    private static final java.util.concurrent.atomic.AtomicInteger EMBEDDED_NODES =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final long SHUTDOWN_WAIT_MILLIS = 30_000;

    private final ActorSystem<Void> system;
    private final JobRegistry registry = new JobRegistry();
    private final ActorRef<ShardingEnvelope<SubtaskActor.Command>> region;
    private final NodeSettings settings;
    private ActorRef<JobManager.Command> jobManager;

    private FlinkStreamNode(ActorSystem<Void> system) {
        this.system = system;
        this.settings = NodeSettings.from(system.settings().config());
        this.region = SubtaskActor.initSharding(system, registry, settings.metricsInterval());
    }

    /** Starts the embedded single-node cluster, configured by {@code application.conf} where it sets anything. */
    public static FlinkStreamNode startEmbedded() {
        return startEmbedded(ConfigFactory.empty());
    }

    /** Starts the embedded single-node cluster with {@code overrides} on top of the usual configuration. */
    public static FlinkStreamNode startEmbedded(Config overrides) {
        Config embedded = ConfigFactory.parseString(
                "akka.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
                        + "akka.remote.artery.canonical.port = 0\n"
                        + "akka.cluster.seed-nodes = []\n");
        Config config = overrides.withFallback(embedded).withFallback(NodeSettings.load());
        // A one-node cluster joins only itself, so its name can be unique in the JVM: then its threads can be told
        // apart from those of other nodes, and close() can wait for exactly them.
        String name = config.getString("flinkstream.system-name") + "-" + EMBEDDED_NODES.incrementAndGet();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config);
        FlinkStreamNode node;
        try {
            node = new FlinkStreamNode(system);
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
            node.awaitUp(cluster);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
        LOG.info("FlinkStream node up at {} (embedded single-node cluster)", system.address());
        return node;
    }

    /**
     * Starts a cluster node configured by {@code application.conf} with {@code overrides} on top: it joins
     * {@code akka.cluster.seed-nodes} (or, when there are none, forms a cluster of its own), hosts subtasks, and runs
     * durable job masters, persisted in the journal of {@code flinkstream.cluster.journal}, for jobs submitted with
     * {@code flinkstream run --cluster} or {@link io.flinkstream.client.ClusterClient}. Job classes are loaded with
     * the context class loader.
     *
     * @throws IllegalStateException when the journal cannot be used (naming the setting) or the node cannot join
     */
    public static FlinkStreamNode start(Config overrides) {
        return start(overrides, Thread.currentThread().getContextClassLoader());
    }

    /** Same, loading job classes with {@code jobClassLoader} (the classpath and the node's lib/ folder). */
    public static FlinkStreamNode start(Config overrides, ClassLoader jobClassLoader) {
        Config config = overrides.withFallback(NodeSettings.load());
        SettingNames.check(config);
        JournalSettings journal = JournalSettings.from(config);
        // Before anything starts: a journal that cannot be used fails the node at once, naming the setting.
        journal.createSchema();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), config.getString("flinkstream.system-name"),
                journal.pluginConfig().withFallback(config));
        FlinkStreamNode node;
        try {
            node = new FlinkStreamNode(system);
            Cluster cluster = Cluster.get(system);
            if (system.settings().config().getStringList("akka.cluster.seed-nodes").isEmpty()) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            }
            node.awaitUp(cluster);
            node.startJobManager(journal, jobClassLoader);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
        LOG.info("FlinkStream node up at {}, journal {}", system.address(), journal.redacted());
        return node;
    }

    private void startJobManager(JournalSettings journal, ClassLoader jobClassLoader) {
        Config config = system.settings().config();
        JobHost host = new JobHost(registry, region, settings.jobMaster(), jobClassLoader, config, journal,
                "node " + system.address(), NodeSettings.positive(config, "flinkstream.cluster.ask-timeout"));
        jobManager = ClusterSingleton.get(system).init(SingletonActor.of(JobManager.create(host),
                "flinkstream-job-manager"));
        registry.setResolver(new ClusterJobResolver(system, jobManager, host));
        system.systemActorOf(JobGateway.create(jobManager), JobGateway.NAME, Props.empty());
    }

    /** The cluster's job manager (through its singleton proxy); null on an embedded node. */
    public ActorRef<JobManager.Command> jobManager() {
        return jobManager;
    }

    private void awaitUp(Cluster cluster) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The FlinkStream node did not join its cluster within "
                        + settings.startTimeout().toSeconds() + " s; see the log for why (port in use? "
                        + "flinkstream.node.start-timeout raises the limit)");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the node", e);
            }
        }
    }

    /** Submits a validated job graph and returns a handle on it; the job starts at once. */
    public JobClient submit(JobGraph graph, ClassLoader userClassLoader) {
        registry.register(graph, userClassLoader);
        CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
        CompletableFuture<JobMetrics> finalMetrics = new CompletableFuture<>();
        ActorRef<JobMaster.Command> master = system.systemActorOf(
                JobMaster.create(graph, registry, region, result, finalMetrics, settings.jobMaster()),
                "job-" + graph.jobId(), Props.empty());
        return new JobClientImpl(graph.jobId(), master, system, result, finalMetrics);
    }

    /** The node's actor system. */
    public ActorSystem<Void> system() {
        return system;
    }

    /** The shard region of the subtask entities. */
    public ActorRef<ShardingEnvelope<SubtaskActor.Command>> subtaskRegion() {
        return region;
    }

    /** The jobs with subtasks on this node. */
    public JobRegistry registry() {
        return registry;
    }

    /** Shuts the node down and waits for it; its threads are gone when this returns. */
    @Override
    public void close() {
        try {
            closeAsync().get(SHUTDOWN_WAIT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warn("The node did not shut down cleanly within 30 s", e);
        }
    }

    /**
     * Shuts the node down; completes once the actor system has terminated and its threads have exited (Akka's
     * termination completes while dispatcher threads are still winding down).
     */
    public CompletableFuture<Void> closeAsync() {
        system.terminate();
        String threadPrefix = system.name() + "-";
        return system.getWhenTerminated().toCompletableFuture()
                .thenRunAsync(() -> awaitThreadsExit(threadPrefix), command -> {
                    Thread waiter = new Thread(command, "node-shutdown-waiter");
                    waiter.setDaemon(true);
                    waiter.start();
                });
    }

    private static void awaitThreadsExit(String prefix) {
        long deadline = System.currentTimeMillis() + SHUTDOWN_WAIT_MILLIS;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long left = deadline - System.currentTimeMillis();
            if (thread.getName().startsWith(prefix) && left > 0) {
                try {
                    thread.join(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** @return the settings the node runs with */
    public NodeSettings settings() {
        return settings;
    }
}
