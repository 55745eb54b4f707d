package io.flinkstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A cluster of FlinkStream nodes, each its own JVM ({@code java -cp <class path> io.flinkstream.cli.Main node}), on
 * 127.0.0.1 with free ports and a folder of its own: every node's configuration, data and output go to
 * {@link #dir()}. It waits for log lines with deadlines, kills with SIGKILL and starts replacements. {@link #close()}
 * kills every node it started; a JVM shutdown hook does the same for a JVM that ends otherwise, so no node outlives
 * the JVM that started it. Used by {@code bench --cluster-jvms} and by the tests that need real JVMs.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.create("bench", 3, dir, List.of("-XX:+UseParallelGC"),
 *         System.getProperty("java.class.path"), LocalCluster.JOIN_FAST)) {
 *     List<LocalCluster.NodeProcess> nodes = cluster.startAll(Duration.ofSeconds(60));
 *     ...
 * }
 * }</pre>
 */
public class LocalCluster implements AutoCloseable {
    /** Every node JVM started in this JVM and not yet seen dead; the shutdown hook kills them. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "local-cluster-reaper"));
    }

    /** Joining without the default seed-node wait (STACK.md: ~5 s of join retries otherwise); Akka's failure detection. */
    public static final String JOIN_FAST = """
            akka.cluster {
              seed-node-timeout = 1s
              retry-unsuccessful-join-after = 500ms
            }
            """;

    /** {@link #JOIN_FAST} and failure detection that downs a lost node and moves its shards within ~5–9 s. */
    public static final String TUNED = """
            akka.cluster {
              seed-node-timeout = 1s
              retry-unsuccessful-join-after = 500ms
              failure-detector {
                heartbeat-interval = 300ms
                acceptable-heartbeat-pause = 1s
                expected-response-after = 300ms
              }
              unreachable-nodes-reaper-interval = 250ms
              # The leader moves a downed node to Removed on its next tick (Akka: 1 s); DeathWatch fires then.
              leader-actions-interval = 250ms
              split-brain-resolver.stable-after = 1500ms
              sharding.retry-interval = 250ms
            }
            """;

    /** In a JVM option, replaced by the node's number (1, 2, …): e.g. a flight recording file per node. */
    public static final String NODE_NUMBER = "{node}";

    private final String name;
    private final Path dir;
    private final List<Integer> seedPorts;
    private final List<String> baseJvmOptions;
    private final String classPath;
    private final String baseConfig;
    private final List<NodeProcess> started = new ArrayList<>();
    private String extraConfig = "";
    private List<String> jvmOptions = List.of();
    private String mainClass = "io.flinkstream.cli.Main";

    /**
     * @param name the cluster's name (its nodes' actor system name)
     * @param seeds how many seed nodes {@link #startAll} starts
     * @param dir the folder of the nodes' configurations, data and output; created if missing
     * @param baseJvmOptions every node JVM's options, e.g. {@code -Xmx1g}
     * @param classPath the nodes' class path: FlinkStream and the job classes
     * @param baseConfig HOCON every node gets first, e.g. {@link #TUNED}
     */
    protected LocalCluster(String name, int seeds, Path dir, List<String> baseJvmOptions, String classPath,
                           String baseConfig) {
        if (seeds < 1) {
            throw new IllegalArgumentException("A local cluster needs at least one node, not " + seeds);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the local cluster's folder " + dir, e);
        }
        this.name = name;
        this.dir = dir;
        this.baseJvmOptions = List.copyOf(baseJvmOptions);
        this.classPath = classPath;
        this.baseConfig = baseConfig;
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            ports.add(freePort());
        }
        this.seedPorts = List.copyOf(ports);
    }

    /** A cluster of {@code seeds} seed nodes, not started yet; see the constructor for the parameters. */
    public static LocalCluster create(String name, int seeds, Path dir, List<String> jvmOptions, String classPath,
                                      String config) {
        return new LocalCluster(name, seeds, dir, jvmOptions, classPath, config);
    }

    /** Configuration added to every node started from now on (HOCON, over the base configuration). */
    public LocalCluster withConfig(String config) {
        this.extraConfig = config;
        return this;
    }

    /** JVM options added to every node started from now on, after the base options. */
    public LocalCluster withJvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /** Runs nodes with this main class (given {@code node --config <file>}) instead of the command line's. */
    public LocalCluster withMainClass(String className) {
        this.mainClass = className;
        return this;
    }

    /** The cluster's name. */
    public String name() {
        return name;
    }

    /** The folder of this cluster's configurations, data and output files. */
    public Path dir() {
        return dir;
    }

    /** The seed nodes' ports. */
    public List<Integer> seedPorts() {
        return seedPorts;
    }

    /** The seed nodes' addresses, as every node lists them. */
    public List<String> seedNodes() {
        return seedPorts.stream().map(p -> "akka://" + name + "@127.0.0.1:" + p).toList();
    }

    /** The nodes started so far, dead ones included, in the order they were started. */
    public List<NodeProcess> nodes() {
        return List.copyOf(started);
    }

    /** Starts every seed node and waits until each is ready. */
    public List<NodeProcess> startAll(Duration timeout) throws IOException, InterruptedException {
        List<NodeProcess> nodes = new ArrayList<>();
        for (int port : seedPorts) {
            nodes.add(start(port, "", mainClass));
        }
        for (NodeProcess node : nodes) {
            node.awaitReady(timeout);
        }
        return nodes;
    }

    /** Starts a node that is not a seed node (a replacement) on a free port; does not wait for it. */
    public NodeProcess startReplacement() throws IOException {
        return start(freePort(), "", mainClass);
    }

    /**
     * Starts a node JVM on {@code port} with {@code config} over the cluster's (the base configuration, then its
     * address, seeds and data folder, then {@link #withConfig}, then {@code config}); {@code mainClass} gets the
     * arguments {@code node --config <file>}.
     */
    public NodeProcess start(int port, String config, String mainClass) throws IOException {
        int index = started.size() + 1;
        Path configFile = dir.resolve("node-" + index + ".conf");
        String seeds = seedNodes().stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
        Files.writeString(configFile, baseConfig + """
                flinkstream.system-name = "%s"
                flinkstream.node.data-dir = "%s"
                akka.remote.artery.canonical { hostname = "127.0.0.1", port = %d }
                akka.cluster.seed-nodes = [%s]
                """.formatted(name, dir.resolve("data-" + index), port, seeds) + extraConfig + "\n" + config + "\n");
        Path output = dir.resolve("node-" + index + ".log");
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        for (String option : baseJvmOptions) {
            command.add(option.replace(NODE_NUMBER, String.valueOf(index)));
        }
        for (String option : jvmOptions) {
            command.add(option.replace(NODE_NUMBER, String.valueOf(index)));
        }
        command.addAll(List.of("-cp", classPath, mainClass, "node", "--config", configFile.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // The node finds no lib/ of this checkout: its job classes come from the class path alone.
        builder.environment().remove(io.flinkstream.cluster.ClusterNodeSettings.HOME_VARIABLE);
        Process process = builder.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        NodeProcess node = new NodeProcess(index, port, "akka://" + name + "@127.0.0.1:" + port, process, output);
        started.add(node);
        return node;
    }

    /**
     * Stops every node with SIGTERM (each leaves the cluster and exits, writing what it writes at exit, such as a
     * flight recording) and waits up to {@code timeout} for them; {@link #close()} kills those still running.
     */
    public void stop(Duration timeout) throws InterruptedException {
        started.forEach(NodeProcess::terminate);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (NodeProcess node : started) {
            node.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** Kills every node this cluster started (SIGKILL) and waits for them to exit. */
    @Override
    public void close() {
        for (NodeProcess node : started) {
            node.process.destroyForcibly();
        }
        for (NodeProcess node : started) {
            try {
                node.process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code java} of this JVM's installation. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** One node JVM. */
    public static final class NodeProcess {
        private final int index;
        private final int port;
        private final String address;
        private final Process process;
        private final Path output;

        NodeProcess(int index, int port, String address, Process process, Path output) {
            this.index = index;
            this.port = port;
            this.address = address;
            this.process = process;
            this.output = output;
        }

        /** The node's Akka address, {@code akka://name@127.0.0.1:port}. */
        public String address() {
            return address;
        }

        /** The node's host and port, {@code 127.0.0.1:port}, as a client connects to it. */
        public String hostPort() {
            return "127.0.0.1:" + port;
        }

        /** The node's remoting port. */
        public int port() {
            return port;
        }

        /** The JVM. */
        public Process process() {
            return process;
        }

        /** The file the node's output goes to. */
        public Path outputFile() {
            return output;
        }

        /** Everything the node printed so far. */
        public String output() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        /** Waits until the node prints its ready line; fails with its output if it exits or time runs out. */
        public void awaitReady(Duration timeout) throws InterruptedException {
            awaitLine(NodeCommand.READY + ": " + address, timeout);
        }

        /**
         * Waits until the node's output contains {@code text}, polling its output file.
         *
         * @throws IllegalStateException with the node's output when it exits first or time runs out
         */
        public void awaitLine(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains(text)) {
                if (!process.isAlive() && !output().contains(text)) {
                    throw new IllegalStateException(this + " exited with " + process.exitValue()
                            + " before printing '" + text + "'; its output (" + output + "):\n" + output());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(this + " did not print '" + text + "' within "
                            + timeout.toMillis() + " ms; its output (" + output + "):\n" + output());
                }
                Thread.sleep(50);
            }
        }

        /** Kills the JVM with SIGKILL (what {@code Process.destroyForcibly()} sends on Linux) and waits for it. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this + " did not die within 10 s of SIGKILL");
            }
        }

        /** Sends SIGTERM (what {@code Process.destroy()} sends on Linux): the node leaves and exits. */
        public void terminate() {
            process.destroy();
        }

        /** Waits for the JVM to exit and returns its exit code. */
        public int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(this + " did not exit within " + timeout.toMillis()
                        + " ms; its output:\n" + output());
            }
            return process.exitValue();
        }

        @Override
        public String toString() {
            return "node-" + index + " (" + address + ")";
        }
    }
}
