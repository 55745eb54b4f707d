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

import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>A service that already runs Akka {@linkplain #attach(ActorSystem) attaches} FlinkStream to its own actor system
 * instead: jobs then run inside that system, and closing the handle stops only FlinkStream's jobs (see
 * docs/embedding.md).
 */
public final class FlinkStreamNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkStreamNode.class);

    private static final java.util.concurrent.atomic.AtomicInteger EMBEDDED_NODES =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final long SHUTDOWN_WAIT_MILLIS = 30_000;

    private final ActorSystem<Void> system;
    private final JobRegistry registry;
    private final ActorRef<ShardingEnvelope<SubtaskActor.Command>> region;
    private final NodeSettings settings;
    /** Whether this handle created the system (and so terminates it on close) or was attached to a service's. */
    private final boolean ownsSystem;
    /** The jobs submitted through this handle that have not ended: an attached handle cancels them on close. */
    private final java.util.Set<JobClient> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ClassLoader userClassLoader;
    private ActorRef<JobManager.Command> jobManager;

    /** Whether close waits for the system's threads: only when its name is unique in the JVM (embedded nodes). */
    private final boolean uniquelyNamed;

    private FlinkStreamNode(ActorSystem<Void> system, boolean ownsSystem, ClassLoader userClassLoader,
                            boolean uniquelyNamed) {
        this.system = system;
        this.ownsSystem = ownsSystem;
        this.userClassLoader = userClassLoader;
        this.uniquelyNamed = uniquelyNamed;
        this.settings = NodeSettings.from(system.settings().config());
        this.registry = NodeJobs.get(system).registry();
        this.region = SubtaskActor.initSharding(system, registry, settings.metricsInterval());
    }

    /**
     * Runs FlinkStream inside a service's own actor system: no second system is started. Its jobs' masters and
     * subtasks are actors of {@code system}, and the FlinkStream defaults ({@code flinkstream.*}, the task and
     * snapshot dispatchers) come from the system's configuration through {@code reference.conf} as usual.
     *
     * <p>The system must be a cluster member ({@code akka.actor.provider = cluster}): subtasks are Cluster
     * Sharding entities. If it is not yet {@code Up}, this waits up to {@code flinkstream.node.start-timeout} for
     * it to join — through its seed nodes, the service's own {@code Join}, or, with
     * {@code flinkstream.embedding.join-self = on}, by joining itself as a cluster of one.
     *
     * <p>Closing the returned handle cancels the jobs submitted through it and waits for them to end; it never
     * terminates {@code system}. Attaching again to the same system (after closing, or for a second handle) is
     * allowed: the handles share the system's job registry.
     *
     * <pre>{@code
     * ActorSystem<Command> system = ActorSystem.create(Guardian.create(), "orders", config);
     * FlinkStreamNode flink = FlinkStreamNode.attach(system);
     * StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
     * }</pre>
     *
     * @throws IllegalArgumentException if the system is not a cluster system or has terminated
     * @throws IllegalStateException if the system did not become an {@code Up} cluster member in time
     */
    @SuppressWarnings("unchecked")
    public static FlinkStreamNode attach(ActorSystem<?> system) {
        if (system.getWhenTerminated().toCompletableFuture().isDone()) {
            throw new IllegalArgumentException("Cannot attach FlinkStream to the actor system '" + system.name()
                    + "': it has terminated");
        }
        if (!(((akka.actor.ExtendedActorSystem) system.classicSystem()).provider()
                instanceof akka.cluster.ClusterActorRefProvider)) {
            throw new IllegalArgumentException("Cannot attach FlinkStream to the actor system '" + system.name()
                    + "': FlinkStream runs every subtask as a Cluster Sharding entity, so the system must be a "
                    + "cluster member. Set akka.actor.provider = cluster in its configuration (it is '"
                    + system.settings().config().getString("akka.actor.provider") + "'), see docs/embedding.md");
        }
        Config config = system.settings().config();
        Cluster cluster = Cluster.get(system);
        boolean joinSelf = config.getBoolean("flinkstream.embedding.join-self");
        if (joinSelf && cluster.selfMember().status() != MemberStatus.up()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        FlinkStreamNode node = new FlinkStreamNode((ActorSystem<Void>) system, false,
                system.dynamicAccess().classLoader(), false);
        node.awaitUpInService(cluster, joinSelf);
        LOG.info("FlinkStream attached to the actor system '{}' at {}", system.name(), system.address());
        return node;
    }

    private void awaitUpInService(Cluster cluster, boolean joinSelf) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("FlinkStream cannot run in the actor system '" + system.name()
                        + "': it did not become an Up member of a cluster within "
                        + settings.startTimeout().toMillis() + " ms (its status: " + cluster.selfMember().status()
                        + (joinSelf ? ", though it was told to join itself" : "") + "). Join it to a cluster first: "
                        + "akka.cluster.seed-nodes, or Cluster.get(system).manager().tell(Join.create(address)) in "
                        + "code; or set flinkstream.embedding.join-self = on to make it a cluster of one. "
                        + "flinkstream.node.start-timeout raises the limit");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while attaching to " + system.name(), e);
            }
        }
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
            node = new FlinkStreamNode(system, true, FlinkStreamNode.class.getClassLoader(), true);
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
     * Starts a cluster node configured by {@code application.conf} and joins its seed nodes
     * ({@code akka.cluster.seed-nodes}); returns once the node is an {@code Up} member. Equivalent to
     * {@code start(ConfigFactory.empty())}.
     *
     * @throws NodeStartException when the node cannot start or join, naming the setting to check
     */
    public static FlinkStreamNode start() {
        return start(ConfigFactory.empty());
    }

    /**
     * Starts a cluster node with {@code overrides} on top of the usual configuration ({@code application.conf} over
     * the node defaults), binding remoting to {@code akka.remote.artery.canonical.hostname:port} only, and joins the
     * seed nodes; returns once the node is {@code Up}. Users' job classes are loaded by
     * {@link #userClassLoader()} from {@code flinkstream.node.lib-dir} and {@code flinkstream.node.classpath}.
     *
     * <pre>{@code
     * FlinkStreamNode node = FlinkStreamNode.start(ConfigFactory.parseFile(new File("node-1.conf")));
     * }</pre>
     *
     * @throws NodeStartException when a setting is wrong, a jar cannot be read, the port is in use, or no seed
     *     node answers within {@code flinkstream.node.start-timeout}: the message names the setting to check
     */
    public static FlinkStreamNode start(Config overrides) {
        return start(overrides, FlinkStreamNode.class.getClassLoader());
    }

    /**
     * Same, with {@code parentClassLoader} under the node's lib folder and class path: the loader of job classes
     * that are on the application's own class path (tests, a service that starts a node in code).
     */
    public static FlinkStreamNode start(Config overrides, ClassLoader parentClassLoader) {
        Config config = overrides.withFallback(NodeSettings.load()).resolve();
        ClusterNodeSettings cluster = ClusterNodeSettings.from(config);
        NodeSettings.from(config); // checks flinkstream.* keys before anything binds a port
        JournalSettings journal;
        try {
            journal = JournalSettings.from(config);
        } catch (com.typesafe.config.ConfigException e) {
            throw new NodeStartException(e.getMessage(), e);
        }
        ClassLoader userClassLoader = UserCodeClassLoader.create(cluster, parentClassLoader);
        try {
            if (cluster.dataDirConfigured()) {
                java.nio.file.Files.createDirectories(cluster.dataDir());
            }
        } catch (java.io.IOException e) {
            throw new NodeStartException("Cannot create the data folder " + cluster.dataDir()
                    + " (flinkstream.node.data-dir): " + e + "; point the setting at a writable folder", e);
        }
        ActorSystem<Void> system;
        try {
            // Before anything binds: a journal that cannot be used fails the node at once, naming the setting.
            try {
                journal.createSchema();
            } catch (IllegalStateException e) {
                throw new NodeStartException(e.getMessage(), e);
            }
            system = NodeBinding.create(journal.autoStart(config).withFallback(journal.pluginConfig())
                    .withFallback(config), cluster, userClassLoader);
        } catch (RuntimeException e) {
            UserCodeClassLoader.close(userClassLoader);
            throw e;
        }
        FlinkStreamNode node;
        try {
            node = new FlinkStreamNode(system, true, userClassLoader, false);
            system.systemActorOf(MembershipLog.create(), "membership-log", Props.empty());
            node.awaitJoined(Cluster.get(system), cluster);
            node.startJobManager(journal, userClassLoader);
        } catch (RuntimeException e) {
            // Wait (briefly) for the port to be released, so that starting again right away can bind it.
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | TimeoutException ignored) {
                // the start error below is what matters
            }
            UserCodeClassLoader.close(userClassLoader);
            throw e;
        }
        LOG.info("FlinkStream node up at {} with roles {}, journal {}", system.address(),
                Cluster.get(system).selfMember().getRoles(), journal.redacted());
        return node;
    }

    private void awaitJoined(Cluster cluster, ClusterNodeSettings clusterSettings) {
        try {
            awaitUp(cluster);
        } catch (IllegalStateException e) {
            throw new NodeStartException("The node " + system.address() + " did not join a cluster within "
                    + settings.startTimeout().toSeconds() + " s: none of the seed nodes "
                    + clusterSettings.seedNodes() + " (akka.cluster.seed-nodes) let it in. Check that at least one "
                    + "of them runs and is reachable from here, that every node lists the same seed nodes and "
                    + "system name (flinkstream.system-name), and that TLS settings match; "
                    + "flinkstream.node.start-timeout raises the limit", e);
        }
    }

    /**
     * Starts a node that joins the cluster of {@code seedNodes} (such as {@code akka://flinkstream@10.0.0.1:25520}),
     * configured by {@code application.conf} with {@code overrides} on top: its host, port and
     * {@code flinkstream.system-name}, which every node of the cluster shares. With no seed nodes it joins itself and
     * is the first node of a new cluster. Returns once the node is Up.
     */
    public static FlinkStreamNode startJoining(Config overrides, java.util.List<String> seedNodes) {
        Config config = overrides.withFallback(ConfigFactory.parseString("akka.cluster.seed-nodes = []"))
                .withFallback(NodeSettings.load());
        java.util.List<akka.actor.Address> seeds = new java.util.ArrayList<>();
        for (String seed : seedNodes) {
            try {
                seeds.add(akka.actor.AddressFromURIString.parse(seed));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Seed node '" + seed + "' is not an Akka address such as "
                        + "akka://" + config.getString("flinkstream.system-name") + "@127.0.0.1:25520", e);
            }
        }
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), config.getString("flinkstream.system-name"),
                config);
        FlinkStreamNode node;
        try {
            node = new FlinkStreamNode(system, true, FlinkStreamNode.class.getClassLoader(), false);
            Cluster cluster = Cluster.get(system);
            if (seeds.isEmpty()) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            } else {
                cluster.manager().tell(new akka.cluster.typed.JoinSeedNodes(
                        scala.jdk.javaapi.CollectionConverters.asScala(seeds).toList()));
            }
            node.awaitUp(cluster);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
        LOG.info("FlinkStream node up at {}, joined {}", system.address(), seeds.isEmpty() ? "itself" : seeds);
        return node;
    }

    private void startJobManager(JournalSettings journal, ClassLoader jobClassLoader) {
        Config config = system.settings().config();
        JobHost host = new JobHost(registry, region, settings.jobMaster(), jobClassLoader, config, journal,
                "node " + system.address(), NodeSettings.positive(config, "flinkstream.cluster.ask-timeout"));
        jobManager = ClusterSingleton.get(system).init(SingletonActor.of(JobManager.create(host),
                "flinkstream-job-manager"));
        registry.setResolver(new ClusterJobResolver(system, jobManager, host));
        system.systemActorOf(JobGateway.create(jobManager, registry), JobGateway.NAME, Props.empty());
        system.systemActorOf(NodeTraffic.create(), NodeTraffic.NAME, Props.empty());
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
        JobClient client = new JobClientImpl(graph.jobId(), master, system, result, finalMetrics);
        running.add(client);
        result.whenComplete((r, e) -> running.remove(client));
        return client;
    }

    /** Whether this handle was attached to a service's actor system rather than starting its own. */
    public boolean isAttached() {
        return !ownsSystem;
    }

    /** The node's actor system (when attached, the service's system: never tell its guardian anything). */
    public ActorSystem<Void> system() {
        return system;
    }

    /** The shard region of the subtask entities. */
    public ActorRef<ShardingEnvelope<SubtaskActor.Command>> subtaskRegion() {
        return region;
    }

    /**
     * The class loader of users' job classes: the jars of {@code flinkstream.node.lib-dir} and the entries of
     * {@code flinkstream.node.classpath} in front of FlinkStream's own classes (which the embedded node uses alone).
     * Job submission loads a job's classes with it; the actor system deserializes messages with it too.
     */
    public ClassLoader userClassLoader() {
        return userClassLoader;
    }

    /** The jobs with subtasks on this node. */
    public JobRegistry registry() {
        return registry;
    }

    /**
     * Shuts the node down and waits for it; its threads are gone when this returns. Attached to a service's system,
     * it cancels the jobs submitted through this handle and waits for them to end instead; the system keeps running.
     */
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
     * termination completes while dispatcher threads are still winding down). A cluster node's actor system has the
     * cluster's name, which other nodes in the same JVM (tests, embedding) share, so its threads cannot be told
     * apart: for it, this completes once the actor system has terminated.
     */
    public CompletableFuture<Void> closeAsync() {
        if (!ownsSystem) {
            return cancelRunningJobs();
        }
        system.terminate();
        if (!uniquelyNamed) {
            return system.getWhenTerminated().toCompletableFuture().thenApply(done -> null);
        }
        String threadPrefix = system.name() + "-";
        return system.getWhenTerminated().toCompletableFuture()
                .thenRunAsync(() -> awaitThreadsExit(threadPrefix), command -> {
                    Thread waiter = new Thread(command, "node-shutdown-waiter");
                    waiter.setDaemon(true);
                    waiter.start();
                });
    }

    /** Cancels this handle's unfinished jobs; completes once each has ended (however it ended). */
    private CompletableFuture<Void> cancelRunningJobs() {
        List<CompletableFuture<?>> ended = new ArrayList<>();
        for (JobClient job : List.copyOf(running)) {
            job.cancel();
            ended.add(job.getJobExecutionResult().handle((r, e) -> null));
        }
        if (!ended.isEmpty()) {
            LOG.info("Cancelling {} FlinkStream job(s) in the actor system '{}'", ended.size(), system.name());
        }
        return CompletableFuture.allOf(ended.toArray(new CompletableFuture<?>[0]));
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
