package io.flinkstream.cluster;

import akka.cluster.sharding.typed.ClusterShardingQuery;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.runtime.task.SubtaskActor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With {@code flinkstream.node.subtask-role} set, only nodes with that role host subtasks: a {@code client} node can
 * submit a job, and run its master, without running any of its subtasks.
 */
class SubtaskRoleTest {

    private static Config node(String role) {
        return ConfigFactory.parseString("""
                flinkstream.system-name = "subtask-role-test"
                flinkstream.node.subtask-role = "worker"
                akka.cluster.roles = ["%s"]
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = 0
                akka.cluster.seed-node-timeout = 1s
                """.formatted(role));
    }

    @Test
    void given_a_client_node_and_a_worker_when_the_client_submits_a_job_then_every_subtask_runs_on_the_worker()
            throws Exception {
        // Given a worker, and a client that joins it
        FlinkStreamNode worker = FlinkStreamNode.startJoining(node("worker"), List.of());
        FlinkStreamNode client = FlinkStreamNode.startJoining(node("client"),
                List.of(worker.system().address().toString()));
        try {
            worker.registry().resolveWith(jobId -> client.registry().get(jobId));
            CollectSink<Long> sink = new CollectSink<>();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(client);
            env.setParallelism(2);
            env.fromSequence(1, 1000).keyBy(v -> v % 7).map(v -> v * 2).addSink(sink);

            // When the client runs the job
            JobExecutionResult result = env.execute("on the worker");

            // Then it is complete, and its four subtasks ran on the worker, none on the client
            assertEquals(1000, sink.results().size());
            assertEquals(4, shardsOf(worker, result.getJobID()), "subtasks on the worker");
            assertEquals(0, shardsOf(client, result.getJobID()), "subtasks on the client");
            sink.clear();
        } finally {
            CompletableFuture.allOf(client.closeAsync(), worker.closeAsync()).join();
        }
    }

    private static long shardsOf(FlinkStreamNode node, String jobId) throws Exception {
        return AskPattern.<ClusterShardingQuery, akka.cluster.sharding.ShardRegion.CurrentShardRegionState>ask(
                        ClusterSharding.get(node.system()).shardState(),
                        replyTo -> new GetShardRegionState(SubtaskActor.TYPE_KEY, replyTo),
                        Duration.ofSeconds(5), node.system().scheduler())
                .toCompletableFuture().get().getShards().stream()
                .filter(shard -> shard.shardId().startsWith(jobId + "/")).count();
    }
}
