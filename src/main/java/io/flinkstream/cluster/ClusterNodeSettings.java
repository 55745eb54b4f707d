package io.flinkstream.cluster;

import akka.actor.Address;
import akka.actor.AddressFromURIString;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a cluster node ({@link FlinkStreamNode#start(Config)}) needs besides the settings every node has: where it
 * listens, whom it joins, its roles, and where users' job classes and its data are. Host, port, seed nodes and roles
 * are Akka's own keys ({@code akka.remote.artery.canonical.*}, {@code akka.cluster.seed-nodes},
 * {@code akka.cluster.roles}); the folders are FlinkStream's ({@code flinkstream.node.*}).
 *
 * @param systemName the actor system's name, the same on every node ({@code flinkstream.system-name})
 * @param host the address remoting binds and is reached at
 * @param port the port remoting binds (0: a free one)
 * @param seedNodes the nodes to join, as Akka addresses
 * @param roles the node's cluster roles
 * @param libDir the folder of job jars ({@code flinkstream.node.lib-dir}, resolved)
 * @param libDirConfigured whether {@code lib-dir} was set (then it must exist) or is the default (may be absent)
 * @param classpath more jars or class folders for job classes ({@code flinkstream.node.classpath})
 * @param dataDir the folder of the node's own data, such as an embedded journal ({@code flinkstream.node.data-dir})
 * @param dataDirConfigured whether {@code data-dir} was set (then the node creates it at start) or is the default
 */
public record ClusterNodeSettings(String systemName, String host, int port, List<Address> seedNodes,
                                  List<String> roles, Path libDir, boolean libDirConfigured, List<Path> classpath,
                                  Path dataDir, boolean dataDirConfigured) {

    /** The environment variable naming FlinkStream's installation folder, whose {@code lib/} holds job jars. */
    public static final String HOME_VARIABLE = "FLINKSTREAM_HOME";

    public ClusterNodeSettings {
        seedNodes = List.copyOf(seedNodes);
        roles = List.copyOf(roles);
        classpath = List.copyOf(classpath);
    }

    /**
     * The configuration of a node started from a file: {@code file} (or {@code application.conf} when null) over
     * FlinkStream's node defaults and every module's {@code reference.conf}; system properties override all.
     *
     * @throws NodeStartException when the file is missing or is not valid HOCON, naming it
     */
    public static Config load(Path file) {
        if (file == null) {
            return NodeSettings.load();
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new NodeStartException("The configuration file " + file.toAbsolutePath() + " does not exist or "
                    + "cannot be read; pass an existing file to --config (samples/cluster/node-1.conf is one)");
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (com.typesafe.config.ConfigException e) {
            throw new NodeStartException("The configuration file " + file.toAbsolutePath() + " is not valid: "
                    + e.getMessage(), e);
        }
        return ConfigFactory.defaultOverrides()
                .withFallback(parsed)
                .withFallback(ConfigFactory.parseResources("flinkstream-node.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    /**
     * Reads and checks the settings of a cluster node.
     *
     * @throws NodeStartException naming the setting that is wrong and what to put there
     */
    public static ClusterNodeSettings from(Config config) {
        return from(config, System.getenv());
    }

    static ClusterNodeSettings from(Config config, Map<String, String> environment) {
        String systemName = config.getString("flinkstream.system-name");
        String host = config.getString("akka.remote.artery.canonical.hostname");
        if (host.isBlank()) {
            throw new NodeStartException("akka.remote.artery.canonical.hostname is empty: set it to the address "
                    + "other nodes reach this node at, e.g. \"10.0.0.5\" (the node binds only to it)");
        }
        int port = config.getInt("akka.remote.artery.canonical.port");
        if (port < 0 || port > 65535) {
            throw new NodeStartException("akka.remote.artery.canonical.port = " + port + " is not a port: use "
                    + "1..65535, or 0 for a free one");
        }
        List<Address> seeds = seedNodes(config, systemName);
        Path libDir;
        boolean libDirConfigured;
        String lib = config.getString("flinkstream.node.lib-dir");
        if (lib.isBlank()) {
            String home = environment.get(HOME_VARIABLE);
            libDir = (home == null || home.isBlank() ? Path.of("lib") : Path.of(home, "lib")).toAbsolutePath();
            libDirConfigured = false;
        } else {
            libDir = Path.of(lib).toAbsolutePath();
            libDirConfigured = true;
        }
        List<Path> classpath = new ArrayList<>();
        for (String entry : config.getStringList("flinkstream.node.classpath")) {
            if (!entry.isBlank()) {
                classpath.add(Path.of(entry).toAbsolutePath());
            }
        }
        String data = config.getString("flinkstream.node.data-dir");
        Path dataDir = Path.of(data.isBlank() ? "data" : data).toAbsolutePath();
        checkTlsStores(config);
        return new ClusterNodeSettings(systemName, host, port, seeds, config.getStringList("akka.cluster.roles"),
                libDir, libDirConfigured, classpath, dataDir, !data.isBlank());
    }

    /** With TLS and Akka's own engine provider, the key and trust stores must be there before the node binds. */
    private static void checkTlsStores(Config config) {
        if (!config.getString("akka.remote.artery.transport").equals("tls-tcp")
                || !config.getString("akka.remote.artery.ssl.ssl-engine-provider")
                .equals("akka.remote.artery.tcp.ConfigSSLEngineProvider")) {
            return;
        }
        for (String store : List.of("key-store", "trust-store")) {
            String key = "akka.remote.artery.ssl.config-ssl-engine." + store;
            Path path = Path.of(config.getString(key)).toAbsolutePath();
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new NodeStartException(key + " is " + path + ", which does not exist or cannot be read, and "
                        + "akka.remote.artery.transport is tls-tcp: create the store with keytool "
                        + "(docs/deployment.md#tls-between-nodes) or fix the path");
            }
        }
    }

    private static List<Address> seedNodes(Config config, String systemName) {
        List<String> listed = config.getStringList("akka.cluster.seed-nodes");
        if (listed.isEmpty()) {
            throw new NodeStartException("akka.cluster.seed-nodes is empty, so this node has no cluster to join: "
                    + "list the nodes to join, e.g. [\"akka://" + systemName + "@127.0.0.1:2551\"] (the same list "
                    + "on every node; the first one starts the cluster). docs/deployment.md walks through it");
        }
        List<Address> seeds = new ArrayList<>();
        for (String seed : listed) {
            Address address;
            try {
                address = AddressFromURIString.parse(seed);
            } catch (Exception e) { // Akka throws a (checked) MalformedURLException without declaring it
                throw new NodeStartException("akka.cluster.seed-nodes has '" + seed + "', which is not an Akka "
                        + "address: write it as \"akka://" + systemName + "@HOST:PORT\"", e);
            }
            if (!address.system().equals(systemName)) {
                throw new NodeStartException("akka.cluster.seed-nodes has '" + seed + "', a node of actor system '"
                        + address.system() + "', but this node's flinkstream.system-name is '" + systemName
                        + "': nodes join only a cluster of their own name; make them the same");
            }
            if (address.host().isEmpty() || address.port().isEmpty()) {
                throw new NodeStartException("akka.cluster.seed-nodes has '" + seed + "' without a host and port: "
                        + "write it as \"akka://" + systemName + "@HOST:PORT\"");
            }
            seeds.add(address);
        }
        return seeds;
    }
}
