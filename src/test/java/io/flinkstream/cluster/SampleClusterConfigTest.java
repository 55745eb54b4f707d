package io.flinkstream.cluster;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** samples/cluster/ stays a valid three-node configuration: known keys, distinct ports, one seed list. */
class SampleClusterConfigTest {

    @Test
    void when_the_sample_node_files_are_loaded_then_they_describe_one_cluster_on_ports_2551_to_2553() {
        ClusterNodeSettings first = null;
        String checkpoints = null;
        for (int i = 1; i <= 3; i++) {
            // Given / When
            Path file = Path.of("samples", "cluster", "node-" + i + ".conf");
            Config config = ClusterNodeSettings.load(file);
            NodeSettings.from(config); // every flinkstream.* key is known
            ClusterNodeSettings node = ClusterNodeSettings.from(config, Map.of());

            // Then
            assertEquals(2550 + i, node.port(), file.toString());
            assertEquals("127.0.0.1", node.host(), file.toString());
            assertEquals(3, node.seedNodes().size(), file.toString());
            assertTrue(node.dataDir().endsWith("node-" + i), node.dataDir().toString());
            if (first == null) {
                first = node;
                checkpoints = config.getString("flinkstream.state.checkpoints-dir");
            } else {
                assertEquals(first.seedNodes(), node.seedNodes(), file.toString());
                assertEquals(checkpoints, config.getString("flinkstream.state.checkpoints-dir"), file.toString());
            }
        }
    }

    @Test
    void when_the_config_file_is_missing_then_loading_names_it() {
        NodeStartException error = org.junit.jupiter.api.Assertions.assertThrows(NodeStartException.class,
                () -> ClusterNodeSettings.load(Path.of("samples", "cluster", "node-4.conf")));
        assertTrue(error.getMessage().contains("node-4.conf does not exist"), error.getMessage());
    }
}
