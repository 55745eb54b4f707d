package io.flinkstream.cluster;

import io.flinkstream.cli.LocalCluster;

import java.nio.file.Path;
import java.util.List;

/**
 * The tests' {@link LocalCluster}: node JVMs on the test class path with a small heap, the serial collector and C1
 * only (quick to start on a crowded machine), failure detection tuned to down a lost node within seconds
 * ({@link LocalCluster#TUNED}), and their files under {@code target/node-processes/<name>-<time>/}.
 *
 * <pre>{@code
 * try (NodeProcesses cluster = NodeProcesses.create("failover", 3)) {
 *     List<NodeProcess> nodes = cluster.startAll(Duration.ofSeconds(60));
 *     nodes.get(1).kill();
 *     ...
 * }
 * }</pre>
 */
public final class NodeProcesses extends LocalCluster {
    /** Failure detection for tests (STACK.md: nodes are downed and shards move within ~5–9 s). */
    public static final String TUNED = LocalCluster.TUNED;

    private static final List<String> TEST_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-DFLINKSTREAM_LOG_LEVEL=INFO");

    private NodeProcesses(String name, int seeds, Path dir) {
        super(name, seeds, dir, TEST_JVM, testClassPath(), TUNED);
    }

    /**
     * A cluster of {@code seeds} seed nodes (not started yet) named {@code name}; their output and configuration go
     * to {@code target/node-processes/<name>-<time>/}.
     */
    public static NodeProcesses create(String name, int seeds) {
        Path dir = Path.of("target", "node-processes", name + "-" + System.currentTimeMillis()).toAbsolutePath();
        return new NodeProcesses(name, seeds, dir);
    }

    @Override
    public NodeProcesses withConfig(String config) {
        super.withConfig(config);
        return this;
    }

    @Override
    public NodeProcesses withJvmOptions(List<String> options) {
        super.withJvmOptions(options);
        return this;
    }

    @Override
    public NodeProcesses withMainClass(String className) {
        super.withMainClass(className);
        return this;
    }

    /** Surefire's real class path (its java.class.path may be a manifest-only jar), or this JVM's. */
    static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
