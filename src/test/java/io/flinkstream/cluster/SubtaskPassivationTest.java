package io.flinkstream.cluster;

import com.typesafe.config.ConfigFactory;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.connectors.DiscardingSink;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subtasks get their records, credits and barriers as direct messages, which Cluster Sharding does not count as
 * activity; its automatic idle passivation must therefore be off, or every subtask of a long job is stopped.
 */
class SubtaskPassivationTest {

    @Test
    void given_a_short_idle_timeout_when_a_job_outlives_it_then_no_subtask_is_passivated() throws Exception {
        // Given a node on which sharding's idle timeout, if passivation were on, would be 500 ms, and slices of a
        // few records, so a subtask handles its mailbox every few milliseconds
        try (FlinkStreamNode node = FlinkStreamNode.startEmbedded(ConfigFactory.parseString(
                "akka.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = 500ms\n"
                        + "flinkstream.network.batch-size = 4\n"
                        + "flinkstream.network.source-batches-per-slice = 1"))) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(node);
            env.setParallelism(1);
            env.setRestartStrategy(RestartStrategies.noRestart());
            // and a job that runs for about 2.5 s: 2,500 records, 1 ms each
            env.fromSequence(1, 2_500).map(v -> {
                Thread.sleep(1);
                return v;
            }).addSink(new DiscardingSink<>());

            // When
            JobExecutionResult result = env.execute("outlives the idle timeout");

            // Then it ran well past the timeout and finished without a restart
            assertTrue(result.netRuntime().compareTo(Duration.ofSeconds(2)) > 0, "ran " + result.netRuntime());
            assertEquals(0, result.metrics().restarts());
            assertEquals(2_500, result.metrics().sourceRecords());
        }
    }
}
