package io.flinkstream.breakit;

import com.typesafe.config.ConfigFactory;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.runtime.network.frames.WireTraffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad values of {@code flinkstream.network.remote-batch-bytes}: a node refuses to start, at once, naming the setting
 * and the value; one larger than a message between nodes may carry is capped to it, not refused.
 */
class BreakRemoteBatchConfigTest {
    private static final String KEY = "flinkstream.network.remote-batch-bytes";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "-1", "-64 KiB", "lots", "\"\""})
    void when_remote_batch_bytes_is_not_a_positive_size_then_the_node_does_not_start_and_says_which_setting(
            String value) {
        // When: the node starts; a job must not be where the value is found wrong (each attempt would fail again)
        Throwable error = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(Throwable.class,
                () -> FlinkStreamNode.startEmbedded(ConfigFactory.parseString(KEY + " = " + value)).close()));

        // Then

        StringBuilder causes = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            causes.append(t).append('\n');
        }
        assertTrue(causes.toString().contains(KEY), causes.toString());
    }

    @Test
    void when_remote_batch_bytes_is_larger_than_a_frame_then_it_is_capped_to_the_frame_less_the_envelope() {
        FlinkStreamNode node = FlinkStreamNode.startEmbedded(ConfigFactory.parseString(KEY + " = 1 GiB"));
        try {
            WireTraffic traffic = WireTraffic.get(node.system());
            assertEquals(256 * 1024 - 4096, traffic.maxBatchBytes());
            assertEquals(traffic.maxBatchBytes(), traffic.remoteBatchBytes());
        } finally {
            node.close();
        }
    }
}
