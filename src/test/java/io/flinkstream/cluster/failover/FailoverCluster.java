package io.flinkstream.cluster.failover;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.cluster.NodeProcesses;
import io.flinkstream.cli.LocalCluster.NodeProcess;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Node JVMs ({@link NodeProcesses}) on 127.0.0.1 sharing a PostgreSQL journal in a schema of their own, created
 * fresh for this cluster (so no other test's events are seen), kept at a number of live nodes by starting
 * replacements one at a time. Knows which live node is the oldest: the one hosting the job manager singleton.
 */
final class FailoverCluster implements AutoCloseable {
    static final String URL_VARIABLE = "FLINKSTREAM_TEST_PG_URL";
    static final Duration START = Duration.ofSeconds(90);

    private final NodeProcesses processes;
    private final String url;
    private final String schema;
    /**
     * Live nodes in the order they were started. Replacements start one at a time, after the others are up, so the
     * last is the youngest; which node is the oldest (the job manager's) is read from the nodes' logs.
     */
    private final List<NodeProcess> live = new ArrayList<>();

    private FailoverCluster(NodeProcesses processes, String url, String schema) {
        this.processes = processes;
        this.url = url;
        this.schema = schema;
    }

    /**
     * A cluster named {@code name}, not started, with {@code config} (HOCON) over the harness's tuned settings.
     * Skipped when there is no PostgreSQL ({@value #URL_VARIABLE} unset), failed instead on CI.
     */
    static FailoverCluster create(String name, String config) throws SQLException {
        String url = postgresUrl();
        String schema = "failover_" + System.currentTimeMillis();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String journalUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        NodeProcesses processes = NodeProcesses.create(name, 3)
                // FlinkStream's own log settings (INFO), not the tests' (which silence the job master)
                .withJvmOptions(List.of("-Dlogback.configurationFile=logback.xml"))
                .withConfig(config + "\n"
                + "flinkstream.cluster.journal.url = \"" + journalUrl + "\"\n");
        return new FailoverCluster(processes, url, schema);
    }

    /** The JDBC URL of the test PostgreSQL, or the test is skipped (fails on CI) saying how to get one. */
    static String postgresUrl() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            String how = URL_VARIABLE + " is unset, so there is no PostgreSQL for the failover tests' journal: run "
                    + ".ci/run, or start one with `.ci/postgres-start /tmp/pg` and export " + URL_VARIABLE
                    + " to the URL it prints";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("On CI the PostgreSQL tests must run: " + how);
            }
            Assumptions.abort(how);
        }
        return url;
    }

    /** Starts the three seed nodes, the first of which forms the cluster (and is the oldest). */
    void start() throws IOException, InterruptedException {
        List<NodeProcess> nodes = processes.startAll(START);
        for (NodeProcess observer : nodes) {
            for (NodeProcess member : nodes) {
                observer.awaitLine("Member up: " + member.address(), START);
            }
        }
        live.addAll(nodes);
    }

    /** Starts replacements, one at a time, until {@code n} nodes live and every live node sees every other up. */
    List<NodeProcess> ensureLive(int n) throws IOException, InterruptedException {
        while (live.size() < n) {
            // It joins through the live nodes: the seed nodes may all be dead by now.
            String seeds = live.stream().map(node -> "\"" + node.address() + "\"").collect(Collectors.joining(", "));
            NodeProcess replacement = processes.start(NodeProcesses.freePort(),
                    "akka.cluster.seed-nodes = [" + seeds + "]", "io.flinkstream.cli.Main");
            replacement.awaitReady(START);
            for (NodeProcess node : live) {
                node.awaitLine("Member up: " + replacement.address(), START);
            }
            live.add(replacement);
        }
        return List.copyOf(live);
    }

    /** Starts one replacement and waits until every live node sees it up. */
    NodeProcess startReplacement() throws IOException, InterruptedException {
        ensureLive(live.size() + 1);
        return live.get(live.size() - 1);
    }

    /** The live nodes, oldest first. */
    List<NodeProcess> live() {
        return List.copyOf(live);
    }

    /** The youngest live node, which never hosts the job manager while another node lives: the client's. */
    NodeProcess youngest() {
        return live.get(live.size() - 1);
    }

    /**
     * The live node running job {@code jobId}'s master (with the job manager singleton), by what it logged: the
     * admission, or the job's resumption there after a failover. Waits up to {@code timeout} for one.
     */
    NodeProcess hostOf(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (NodeProcess node : live) {
                if (node.output().lines().anyMatch(line -> line.contains("Job " + jobId + " (")
                        && line.contains(") admitted") || line.contains("(" + jobId + ") resumes on"))) {
                    return node;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No live node logged that it runs job " + jobId + " within "
                        + timeout.toMillis() + " ms; live nodes: " + live);
            }
            Thread.sleep(50);
        }
    }

    /** SIGKILLs {@code node}; returns {@code System.nanoTime()} just before the signal. */
    long kill(NodeProcess node) throws InterruptedException {
        live.remove(node);
        long at = System.nanoTime();
        node.kill();
        return at;
    }

    /** The configuration of a client of this cluster: its name, and status questions asked again after 1 s. */
    Config clientConfig() {
        return ConfigFactory.parseString("""
                flinkstream.system-name = "%s"
                flinkstream.client.connect-timeout = 10s
                flinkstream.client.status-timeout = 1s
                """.formatted(processes.seedNodes().get(0).replaceAll("akka://([^@]+)@.*", "$1")));
    }

    /** This cluster's folder under target/node-processes. */
    java.nio.file.Path dir() {
        return processes.dir();
    }

    @Override
    public void close() {
        processes.close();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("Could not drop the test schema " + schema + ": " + e);
        }
    }
}
