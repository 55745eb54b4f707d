package io.flinkstream.cluster.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The journal of a cluster node's durable job actors ({@code flinkstream.cluster.journal}): akka-persistence-jdbc
 * 5.1.0 on H2 in file mode under the node's data directory by default, or on PostgreSQL (or H2 elsewhere) given a
 * JDBC URL, or any Akka persistence plugin given its configuration path. For JDBC it configures the plugins
 * {@value #JOURNAL_PLUGIN} and {@value #SNAPSHOT_PLUGIN}, and creates the tables at node start when missing.
 *
 * <pre>{@code
 * flinkstream.cluster.journal.url = "jdbc:postgresql://db:5432/flinkstream"
 * flinkstream.cluster.journal.user = "flinkstream"
 * }</pre>
 *
 * @param url the JDBC URL, or null when another plugin is configured
 * @param user the database user
 * @param password the database password
 * @param journalPlugin the configuration path of the journal plugin the job actors use
 * @param snapshotPlugin the configuration path of their snapshot store plugin
 */
public record JournalSettings(String url, String user, String password, String journalPlugin,
                              String snapshotPlugin) {
    private static final Logger LOG = LoggerFactory.getLogger(JournalSettings.class);

    /** The JDBC journal FlinkStream configures from {@code flinkstream.cluster.journal.url}. */
    public static final String JOURNAL_PLUGIN = "flinkstream-jdbc-journal";
    /** The JDBC snapshot store FlinkStream configures with it. */
    public static final String SNAPSHOT_PLUGIN = "flinkstream-jdbc-snapshot-store";
    private static final String URL = "flinkstream.cluster.journal.url";
    private static final int LOGIN_TIMEOUT_SECONDS = 5;

    /** Reads {@code flinkstream.cluster.journal} and {@code flinkstream.node.data-dir}. */
    public static JournalSettings from(Config config) {
        Config journal = config.getConfig("flinkstream.cluster.journal");
        String plugin = journal.getString("plugin");
        if (!plugin.isBlank()) {
            String snapshots = journal.getString("snapshot-plugin");
            if (snapshots.isBlank()) {
                throw new ConfigException.BadValue("flinkstream.cluster.journal.snapshot-plugin",
                        "must name a snapshot store plugin when flinkstream.cluster.journal.plugin is set (to '"
                                + plugin + "')");
            }
            return new JournalSettings(null, "", "", plugin, snapshots);
        }
        String url = journal.getString("url");
        if (url.isBlank()) {
            String data = config.getString("flinkstream.node.data-dir");
            Path dataDir = Path.of(data.isBlank() ? "data" : data).toAbsolutePath().normalize();
            // WRITE_DELAY=0: measured, H2's default 500 ms write delay loses acknowledged events on SIGKILL.
            url = "jdbc:h2:file:" + dataDir.resolve("journal") + ";WRITE_DELAY=0";
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException.BadValue(URL, "must be a jdbc:h2: or jdbc:postgresql: URL, was '" + url
                    + "'; for another database configure its Akka persistence plugin in "
                    + "flinkstream.cluster.journal.plugin");
        }
        return new JournalSettings(url, journal.getString("user"), journal.getString("password"), JOURNAL_PLUGIN,
                SNAPSHOT_PLUGIN);
    }

    /** Whether FlinkStream configures and creates the JDBC journal itself. */
    public boolean isJdbc() {
        return url != null;
    }

    /**
     * Adds the journal and snapshot plugins to Akka's {@code auto-start-journals} / {@code auto-start-snapshot-stores}
     * of {@code config} (keeping what is listed there), so they start with the node rather than when the job manager
     * first lands on it: on the node that takes the job manager over after a failover, a cold plugin (its
     * connection pool, its driver) added about a second to the recovery.
     */
    public Config autoStart(Config config) {
        return ConfigFactory.empty()
                .withValue(AUTO_START_JOURNALS, ConfigValueFactory.fromIterable(
                        withEntry(config.getStringList(AUTO_START_JOURNALS), journalPlugin)))
                .withValue(AUTO_START_SNAPSHOT_STORES, ConfigValueFactory.fromIterable(
                        withEntry(config.getStringList(AUTO_START_SNAPSHOT_STORES), snapshotPlugin)));
    }

    private static final String AUTO_START_JOURNALS = "akka.persistence.journal.auto-start-journals";
    private static final String AUTO_START_SNAPSHOT_STORES = "akka.persistence.snapshot-store.auto-start-snapshot-stores";

    private static java.util.List<String> withEntry(java.util.List<String> list, String entry) {
        java.util.List<String> result = new java.util.ArrayList<>(list);
        if (!result.contains(entry)) {
            result.add(entry);
        }
        return result;
    }

    /** The plugin configuration to lay over a node's configuration (empty for a plugin the user configured). */
    public Config pluginConfig() {
        if (!isJdbc()) {
            return ConfigFactory.empty();
        }
        boolean h2 = url.startsWith("jdbc:h2:");
        Config slick = ConfigFactory.parseString("""
                profile = "%s"
                db {
                  connectionPool = "HikariCP"
                  driver = "%s"
                  numThreads = 2
                  maxConnections = 2
                  minConnections = 1
                  connectionTimeout = 5000
                  initializationFailTimeout = -1
                }
                """.formatted(h2 ? "slick.jdbc.H2Profile$" : "slick.jdbc.PostgresProfile$",
                        h2 ? "org.h2.Driver" : "org.postgresql.Driver"))
                .withValue("db.url", ConfigValueFactory.fromAnyRef(url))
                .withValue("db.user", ConfigValueFactory.fromAnyRef(user))
                .withValue("db.password", ConfigValueFactory.fromAnyRef(password));
        Config defaults = ConfigFactory.defaultReference();
        return ConfigFactory.empty()
                .withValue(JOURNAL_PLUGIN, defaults.getConfig("jdbc-journal").withFallback(ConfigFactory.empty())
                        .root())
                .withValue(JOURNAL_PLUGIN + ".slick", slick.withFallback(
                        defaults.getConfig("jdbc-journal.slick")).root())
                .withValue(SNAPSHOT_PLUGIN, defaults.getConfig("jdbc-snapshot-store").root())
                .withValue(SNAPSHOT_PLUGIN + ".slick", slick.withFallback(
                        defaults.getConfig("jdbc-snapshot-store.slick")).root());
    }

    /**
     * Creates the journal and snapshot tables where missing (idempotent: every statement is {@code IF NOT EXISTS},
     * unlike akka-persistence-jdbc's own schema utility on H2), so a node can start against a fresh or used database.
     *
     * @throws IllegalStateException naming {@code flinkstream.cluster.journal.url} and the URL when the database
     *     cannot be reached or the tables cannot be created; nothing else has started then
     */
    public void createSchema() {
        if (!isJdbc()) {
            return;
        }
        String script = url.startsWith("jdbc:h2:") ? "journal-h2.sql" : "journal-postgresql.sql";
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        SQLException last = null;
        // Two nodes starting at once may race to create the same table on PostgreSQL: the loser tries again.
        for (int round = 0; round < 3; round++) {
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement statement = connection.createStatement()) {
                for (String sql : statements(script)) {
                    if (!sql.isBlank()) {
                        statement.execute(sql);
                    }
                    }
                LOG.info("Journal ready at {}", redacted());
                return;
            } catch (SQLException e) {
                last = e;
            }
        }
        throw new IllegalStateException("The journal of durable jobs at " + redacted() + " (" + URL
                + ") cannot be used: " + last.getMessage() + ". Check that the database is running and reachable, "
                + "and the URL, user and password (flinkstream.cluster.journal.user / .password)", last);
    }

    /** The URL without the password a JDBC URL may carry. */
    public String redacted() {
        return url == null ? journalPlugin : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String[] statements(String script) {
        try (InputStream in = JournalSettings.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("The journal schema " + script + " is missing from FlinkStream's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";\\s*\\n");
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the journal schema " + script, e);
        }
    }
}
