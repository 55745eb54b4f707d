package io.flinkstream.breakit;

import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.cluster.FlinkStreamNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mostly small records and one record larger than Artery's frame, sent to another node: the job fails clearly.
 * UNCONFIRMED FAILURE: the job completed without error in 0.3 s. Not yet verified that any subtask ran on the second
 * node (this setup does not wait for shard regions as ClusterJobTest does), so this may be a setup gap, not a bug.
 */
class BreakHugeRecordClusterTest {
    private static final List<FlinkStreamNode> NODES = new ArrayList<>();

    @BeforeAll
    static void start() {
        var conf = ConfigFactory.parseString("""
                flinkstream.system-name = "breakit-huge"
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = 0
                akka.actor.allow-java-serialization = off
                akka.cluster.seed-node-timeout = 1s
                akka.cluster.retry-unsuccessful-join-after = 1s
                """);
        FlinkStreamNode first = FlinkStreamNode.startJoining(conf, List.of());
        NODES.add(first);
        NODES.add(FlinkStreamNode.startJoining(conf, List.of(first.system().address().toString())));
        NODES.get(1).registry().resolveWith(jobId -> first.registry().get(jobId));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Cluster cluster = Cluster.get(first.system());
        while (java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up()).count() < 2) {
            assertTrue(System.nanoTime() < deadline, "no cluster");
            Thread.onSpinWait();
        }
        try {
            Thread.sleep(3000); // let shard regions register
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    static void stop() {
        CompletableFuture.allOf(NODES.stream().map(FlinkStreamNode::closeAsync).toArray(CompletableFuture[]::new))
                .join();
    }

    @Test
    void one_huge_record_among_small_ones_fails_the_job_clearly() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(2);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(100, Duration.ZERO));
        String huge = "y".repeat(1_000_000);
        env.fromSequence(1, 4_000)
                .map(v -> v == 2_001 ? huge : "s" + v).returns(String.class).name("pad")
                .rebalance()
                .addSink(new io.flinkstream.connectors.DiscardingSink<>()).name("discard");
        JobExecutionException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(JobExecutionException.class, () -> env.execute("one huge record")));
        String causes = BreakKeysJobTest.causes(e);
        assertTrue(io.flinkstream.api.SuppressRestartsException.isIn(e), causes);
        assertTrue(causes.contains("akka.remote.artery.advanced.maximum-frame-size")
                && causes.contains("operator 'pad'"), causes);
    }
}
