package io.flinkstream.cluster.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.cluster.NodeSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The journal: H2 by default with WRITE_DELAY=0, its schema created idempotently, bad URLs named; PostgreSQL. */
class JournalSettingsTest {
    @TempDir
    Path data;

    private Config config(String url) {
        return ConfigFactory.empty()
                .withValue("flinkstream.node.data-dir", ConfigValueFactory.fromAnyRef(data.toString()))
                .withValue("flinkstream.cluster.journal.url", ConfigValueFactory.fromAnyRef(url))
                .withFallback(NodeSettings.load());
    }

    @Test
    void when_no_url_is_set_then_the_journal_is_h2_under_the_data_dir_with_write_delay_0_created_twice_safely() {
        JournalSettings journal = JournalSettings.from(config(""));
        assertEquals("jdbc:h2:file:" + data.resolve("journal") + ";WRITE_DELAY=0", journal.url());
        journal.createSchema();
        journal.createSchema();
        assertTrue(Files.exists(data.resolve("journal.mv.db")));
    }

    @Test
    void when_the_url_is_of_another_database_then_the_setting_is_named() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> JournalSettings.from(config("jdbc:mysql://db/flinkstream")));
        assertTrue(e.getMessage().contains("flinkstream.cluster.journal.url"), e.getMessage());
    }

    @Test
    void when_the_database_cannot_be_reached_then_the_node_does_not_start_and_names_the_setting() throws Exception {
        // A PostgreSQL URL on a port where nothing listens, and an H2 file under a regular file
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path notADir = Files.writeString(data.resolve("file"), "x");
        for (String url : new String[] {"jdbc:postgresql://127.0.0.1:" + port + "/none",
                "jdbc:h2:file:" + notADir.resolve("journal") + ";WRITE_DELAY=0"}) {
            int nodePort = io.flinkstream.cluster.NodeProcesses.freePort();
            Config node = config(url)
                    .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(nodePort))
                    .withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(
                            java.util.List.of("akka://journal-test@127.0.0.1:" + nodePort)))
                    .withValue("flinkstream.system-name", ConfigValueFactory.fromAnyRef("journal-test"));
            io.flinkstream.cluster.NodeStartException e = assertThrows(io.flinkstream.cluster.NodeStartException.class,
                    () -> FlinkStreamNode.start(node));
            assertTrue(e.getMessage().contains("flinkstream.cluster.journal.url"), e.getMessage());
            assertTrue(e.getMessage().contains(url.substring(0, 20)), e.getMessage());
        }
    }

    /**
     * PostgreSQL, given by {@code FLINKSTREAM_TEST_PG_URL} (a JDBC URL with user and password); skipped when it is
     * not set, except under {@code CI=true}, where it must be.
     */
    @Test
    void given_postgresql_when_the_schema_is_created_twice_then_both_succeed() {
        String url = System.getenv("FLINKSTREAM_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but FLINKSTREAM_TEST_PG_URL is not set: .ci/run must start PostgreSQL and set it");
            }
            Assumptions.abort("FLINKSTREAM_TEST_PG_URL is not set: the PostgreSQL journal test is skipped");
        }
        JournalSettings journal = JournalSettings.from(config(url));
        journal.createSchema();
        journal.createSchema();
    }
}
