package io.flinkstream.cluster;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.checkpoint.FileSystemSnapshotStore;
import io.flinkstream.runtime.network.frames.WireTraffic;
import io.flinkstream.runtime.task.JobLookup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three FlinkStream nodes in this JVM formed into one cluster, for tests of the data plane across nodes: jobs run on
 * the first, and batches between subtasks on different nodes go through remoting, serialized, as between JVMs.
 *
 * <pre>{@code
 * static List<FlinkStreamNode> nodes = InJvmCluster.start("my-test", checkpoints);
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(nodes.get(0));
 * ...
 * InJvmCluster.stop(nodes);
 * }</pre>
 */
public final class InJvmCluster {
    private static final int NODES = 3;

    private InJvmCluster() {
    }

    /**
     * Starts the nodes and returns once all are up and their shard regions registered (a node hosts subtasks only
     * then). The other nodes find a job's graph on the first; with {@code checkpoints} they also open the job's fs
     * checkpoint folder under it, as a node of another JVM would.
     *
     * @param systemName the nodes' actor system name
     * @param checkpoints the folder of the jobs' checkpoint folders, or null when the tests take no checkpoints
     */
    public static List<FlinkStreamNode> start(String systemName, Path checkpoints) {
        List<FlinkStreamNode> nodes = new ArrayList<>();
        FlinkStreamNode first = FlinkStreamNode.startJoining(nodeConfig(systemName), List.of());
        nodes.add(first);
        String seed = first.system().address().toString();
        for (int i = 1; i < NODES; i++) {
            nodes.add(FlinkStreamNode.startJoining(nodeConfig(systemName), List.of(seed)));
        }
        Map<String, FileSystemSnapshotStore> stores = new ConcurrentHashMap<>();
        for (FlinkStreamNode node : nodes.subList(1, NODES)) {
            node.registry().resolveWith(jobId -> {
                JobLookup.DeployedJob job = first.registry().get(jobId);
                if (job != null && checkpoints != null && node.registry().snapshotStore(jobId) == null) {
                    node.registry().registerSnapshotStore(jobId, stores.computeIfAbsent(
                            node.system().address() + jobId, k -> new FileSystemSnapshotStore(
                                    checkpoints.resolve(jobId))));
                }
                return job;
            });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Cluster cluster = Cluster.get(first.system());
        while (java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up()).count() < NODES) {
            assertTrue(System.nanoTime() < deadline, "the three nodes did not form a cluster within 30 s");
            Thread.onSpinWait();
        }
        // Up is not enough: a node hosts subtasks once its shard region has registered with the coordinator.
        while (regionsKnownToTheCoordinator(first) < NODES) {
            assertTrue(System.nanoTime() < deadline, "the three shard regions did not register within 30 s");
            Thread.onSpinWait();
        }
        return nodes;
    }

    /** Stops the nodes, all at once: they share their system name, so each waits for the threads of every one. */
    public static void stop(List<FlinkStreamNode> nodes) {
        if (nodes != null) {
            CompletableFuture.allOf(nodes.stream().map(FlinkStreamNode::closeAsync)
                    .toArray(CompletableFuture[]::new)).join();
        }
    }

    /** Batches the nodes have sent each other so far. */
    public static long batchesSent(List<FlinkStreamNode> nodes) {
        return nodes.stream().mapToLong(n -> WireTraffic.get(n.system()).batchesSent()).sum();
    }

    private static int regionsKnownToTheCoordinator(FlinkStreamNode node) {
        akka.actor.ActorRef region = akka.cluster.sharding.ClusterSharding.get(
                akka.actor.typed.javadsl.Adapter.toClassic(node.system()))
                .shardRegion(io.flinkstream.runtime.task.SubtaskActor.TYPE_KEY.name());
        try {
            Object answer = akka.pattern.Patterns.ask(region, akka.cluster.sharding.ShardRegion
                    .getCurrentRegionsInstance(), Duration.ofSeconds(3)).toCompletableFuture().get();
            return ((akka.cluster.sharding.ShardRegion.CurrentRegions) answer).getRegions().size();
        } catch (Exception e) {
            return 0;
        }
    }

    private static Config nodeConfig(String systemName) {
        return ConfigFactory.parseString("""
                flinkstream.system-name = "%s"
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = 0
                akka.actor.allow-java-serialization = off
                akka.cluster.seed-node-timeout = 1s
                akka.cluster.retry-unsuccessful-join-after = 1s
                """.formatted(systemName));
    }
}
