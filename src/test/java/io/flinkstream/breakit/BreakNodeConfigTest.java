package io.flinkstream.breakit;

import com.typesafe.config.ConfigFactory;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.cluster.NodeProcesses;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A node's configuration written wrong in the ways people write it wrong: a value of the wrong type, a size or
 * duration that is not one, a misspelt key deep in a section, a section given as a value. The node must not start,
 * and the error must name the key, quickly (before any seed node is waited for).
 */
class BreakNodeConfigTest {
    @TempDir
    Path data;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "flinkstream.node.start-timeout = soon                | flinkstream.node.start-timeout",
            "flinkstream.network.remote-batch-bytes = lots        | flinkstream.network.remote-batch-bytes",
            "flinkstream.network.remote-batch-bytes = 0           | flinkstream.network.remote-batch-bytes",
            "flinkstream.cluster.journal = \"jdbc:h2:mem:x\"      | flinkstream.cluster.journal",
            "flinkstream.cluster.journal.url = 5                  | flinkstream.cluster.journal.url",
            "flinkstream.cluster.journal.urll = \"jdbc:h2:mem:x\" | flinkstream.cluster.journal.urll",
            "flinkstream.node.data-dir = [a, b]                   | flinkstream.node.data-dir",
            "flinkstream.node.lib-dir = {}                        | flinkstream.node.lib-dir",
    })
    void a_wrong_node_setting_stops_the_start_naming_the_key(String setting, String key) {
        int port = NodeProcesses.freePort();
        String config = """
                flinkstream.system-name = "breakconfig"
                akka.remote.artery.canonical { hostname = "127.0.0.1", port = %d }
                akka.cluster.seed-nodes = ["akka://breakconfig@127.0.0.1:%d"]
                akka.cluster.seed-node-timeout = 1s
                flinkstream.node.start-timeout = 20s
                flinkstream.node.data-dir = "%s"
                """.formatted(port, port, data.toString().replace("\\", "/")) + setting.replace("\\\"", "\"");
        long start = System.nanoTime();
        FlinkStreamNode node;
        try {
            node = FlinkStreamNode.start(ConfigFactory.parseString(config));
        } catch (RuntimeException e) {
            StringBuilder all = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append(" | ");
            }
            assertTrue(all.toString().contains(key), all.toString());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "took too long to refuse");
            return;
        }
        node.close();
        fail("The node started with " + setting);
    }
}
