package io.flinkstream.cluster.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.flinkstream.cluster.FlinkStreamNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cluster nodes in this JVM on 127.0.0.1, with failure detection tuned as in STACK.md so a lost node is downed within
 * seconds, sharing one H2 journal. {@link #kill} terminates a node's actor system without leaving the cluster: the
 * others see it unreachable and the split brain resolver downs it, as after a crash.
 */
final class TestCluster implements AutoCloseable {
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    private final String name = "cluster-test-" + CLUSTERS.incrementAndGet();
    private final Path dataDir;
    private final List<FlinkStreamNode> nodes = new ArrayList<>();

    TestCluster(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The cluster's name: its nodes' actor system name, which clients must use too. */
    String name() {
        return name;
    }

    /** The configuration of a client of this cluster. */
    Config clientConfig() {
        return ConfigFactory.parseString("flinkstream.system-name = \"" + name + "\"\n"
                + "flinkstream.client.connect-timeout = 5s\n");
    }

    /** The journal URL all nodes share. */
    String journalUrl() {
        return "jdbc:h2:file:" + dataDir.resolve("journal") + ";WRITE_DELAY=0";
    }

    /** Node configuration: the first node forms the cluster, the others join it. */
    Config nodeConfig() {
        // The first node lists itself as its seed and forms the cluster; the others join it.
        int ownPort = nodes.isEmpty() ? io.flinkstream.cluster.NodeProcesses.freePort() : 0;
        String seeds = "[\"akka://" + name + "@127.0.0.1:" + (nodes.isEmpty() ? ownPort : port(nodes.get(0))) + "\"]";
        return ConfigFactory.parseString("""
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = %d
                akka.cluster.seed-nodes = %s
                akka.cluster.seed-node-timeout = 1s
                akka.cluster.failure-detector.heartbeat-interval = 300ms
                akka.cluster.failure-detector.acceptable-heartbeat-pause = 1s
                akka.cluster.failure-detector.expected-response-after = 300ms
                akka.cluster.unreachable-nodes-reaper-interval = 250ms
                akka.cluster.split-brain-resolver.stable-after = 1s
                akka.cluster.sharding.retry-interval = 200ms
                akka.cluster.singleton.hand-over-retry-interval = 200ms
                akka.coordinated-shutdown.run-by-actor-system-terminate = off
                akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                flinkstream.job.deploy-timeout = 20s
                """.formatted(ownPort, seeds))
                .withValue("flinkstream.system-name", ConfigValueFactory.fromAnyRef(name))
                .withValue("flinkstream.cluster.journal.url", ConfigValueFactory.fromAnyRef(journalUrl()));
    }

    /** Starts a node that loads job classes with {@code loader}. */
    FlinkStreamNode start(ClassLoader loader) {
        FlinkStreamNode node = FlinkStreamNode.start(nodeConfig(), loader);
        nodes.add(node);
        return node;
    }

    /** Starts {@code n} nodes that load job classes from the test classpath. */
    TestCluster startNodes(int n) {
        for (int i = 0; i < n; i++) {
            start(getClass().getClassLoader());
        }
        return this;
    }

    /** The nodes started, in order, the stopped ones included. */
    java.util.List<FlinkStreamNode> nodes() {
        return java.util.List.copyOf(nodes);
    }

    FlinkStreamNode node(int i) {
        return nodes.get(i);
    }

    /** The host:port of the first node still running. */
    String seed() {
        return "127.0.0.1:" + port(nodes.stream().filter(n -> !n.system().whenTerminated().isCompleted())
                .findFirst().orElseThrow());
    }

    static int port(FlinkStreamNode node) {
        return (Integer) node.system().address().port().get();
    }

    /** Terminates the node's actor system without a cluster leave, and waits until it is gone. */
    void kill(FlinkStreamNode node) throws Exception {
        node.system().terminate();
        node.system().getWhenTerminated().toCompletableFuture().get();
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (FlinkStreamNode node : nodes) {
            node.system().terminate();
            closing.add(node.system().getWhenTerminated().toCompletableFuture().thenApply(done -> null));
        }
        closing.forEach(CompletableFuture::join);
    }
}
