package io.flinkstream.cluster;

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
 * Starts FlinkStream nodes as separate JVMs ({@code java -cp <test class path> io.flinkstream.cli.Main node}) on
 * 127.0.0.1 with free ports and failure detection tuned for tests, captures each one's output to a file under
 * {@code target/node-processes/}, waits for log lines with deadlines, kills with SIGKILL, and starts replacements.
 * {@link #close()} kills every node it started; a JVM shutdown hook does the same for a test run that dies, so no
 * node JVM outlives the test run.
 *
 * <pre>{@code
 * try (NodeProcesses cluster = NodeProcesses.create("failover", 3)) {
 *     List<NodeProcess> nodes = cluster.startAll(Duration.ofSeconds(60));
 *     nodes.get(1).kill();
 *     ...
 * }
 * }</pre>
 */
public final class NodeProcesses implements AutoCloseable {
    /** Every node JVM started in this test JVM and not yet seen dead; the shutdown hook kills them. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "node-processes-reaper"));
    }

    /** Failure detection for tests (STACK.md: nodes are downed and shards move within ~5–9 s). */
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

    private final String name;
    private final Path dir;
    private final List<Integer> seedPorts;
    private final List<NodeProcess> started = new ArrayList<>();
    private String extraConfig = "";
    private List<String> jvmOptions = List.of();
    private String mainClass = "io.flinkstream.cli.Main";

    private NodeProcesses(String name, Path dir, List<Integer> seedPorts) {
        this.name = name;
        this.dir = dir;
        this.seedPorts = seedPorts;
    }

    /**
     * A cluster of {@code seeds} seed nodes (not started yet) named {@code name}; their output and configuration go
     * to {@code target/node-processes/<name>-<time>/}.
     */
    public static NodeProcesses create(String name, int seeds) {
        Path dir = Path.of("target", "node-processes", name + "-" + System.currentTimeMillis()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            ports.add(freePort());
        }
        return new NodeProcesses(name, dir, ports);
    }

    /** Configuration added to every node started from now on (HOCON, over the harness's own). */
    public NodeProcesses withConfig(String config) {
        this.extraConfig = config;
        return this;
    }

    /** JVM options added to every node started from now on, e.g. {@code -Dsome.property=x}. */
    public NodeProcesses withJvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /** Runs nodes with this main class (given {@code node --config <file>}) instead of the command line's. */
    public NodeProcesses withMainClass(String className) {
        this.mainClass = className;
        return this;
    }

    /** The folder of this cluster's configurations and output files. */
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
     * Starts a node JVM on {@code port} with {@code config} over the cluster's (the harness's settings first, then
     * {@link #withConfig}, then {@code config}); {@code mainClass} gets the
     * arguments {@code node --config <file>}.
     */
    public NodeProcess start(int port, String config, String mainClass) throws IOException {
        int index = started.size() + 1;
        Path configFile = dir.resolve("node-" + index + ".conf");
        String seeds = seedNodes().stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
        Files.writeString(configFile, TUNED + """
                flinkstream.system-name = "%s"
                flinkstream.node.data-dir = "%s"
                akka.remote.artery.canonical { hostname = "127.0.0.1", port = %d }
                akka.cluster.seed-nodes = [%s]
                """.formatted(name, dir.resolve("data-" + index), port, seeds) + extraConfig + "\n" + config + "\n");
        Path output = dir.resolve("node-" + index + ".log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-DFLINKSTREAM_LOG_LEVEL=INFO"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", testClassPath(), mainClass, "node", "--config", configFile.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove(ClusterNodeSettings.HOME_VARIABLE);
        Process process = builder.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        NodeProcess node = new NodeProcess(index, port, "akka://" + name + "@127.0.0.1:" + port, process, output);
        started.add(node);
        return node;
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

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire's real class path (its java.class.path may be a manifest-only jar), or this JVM's. */
    static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
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

        /** The node's remoting port. */
        public int port() {
            return port;
        }

        /** The JVM. */
        public Process process() {
            return process;
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
            awaitLine("FlinkStream node ready: " + address, timeout);
        }

        /**
         * Waits until the node's output contains {@code text}, polling its output file.
         *
         * @throws AssertionError with the node's output when it exits first or time runs out
         */
        public void awaitLine(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains(text)) {
                if (!process.isAlive() && !output().contains(text)) {
                    throw new AssertionError("node-" + index + " (" + address + ") exited with "
                            + process.exitValue() + " before printing '" + text + "'; its output:\n" + output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("node-" + index + " (" + address + ") did not print '" + text
                            + "' within " + timeout.toMillis() + " ms; its output:\n" + output());
                }
                Thread.sleep(50);
            }
        }

        /** Kills the JVM with SIGKILL (what {@code Process.destroyForcibly()} sends on Linux) and waits for it. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("node-" + index + " did not die within 10 s of SIGKILL");
            }
        }

        /** Sends SIGTERM (what {@code Process.destroy()} sends on Linux): the node leaves and exits. */
        public void terminate() {
            process.destroy();
        }

        /** Waits for the JVM to exit and returns its exit code. */
        public int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("node-" + index + " did not exit within " + timeout.toMillis()
                        + " ms; its output:\n" + output());
            }
            return process.exitValue();
        }

        @Override
        public String toString() {
            return "node-" + index + " " + address;
        }
    }
}
