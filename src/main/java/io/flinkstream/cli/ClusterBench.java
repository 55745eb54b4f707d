package io.flinkstream.cli;

import io.flinkstream.api.JobStatus;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.client.ClusterClient;
import io.flinkstream.client.ClusterJob;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.cluster.NodeTraffic;
import io.flinkstream.cluster.jobs.JobManager;
import com.typesafe.config.ConfigFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code bench --cluster-jvms N}: W1 on a cluster of N node JVMs on this machine against W1 in this one JVM. It starts
 * the nodes ({@link LocalCluster}, this JVM's options unless {@code --node-jvm-opts} replaces them), submits
 * {@link W1Job} through a {@link ClusterClient}, and reports for each run the rate to the end of input, the bytes the
 * nodes sent each other, the time spent serializing and deserializing batches as a share of the nodes' CPU time,
 * and where the subtasks ran. The one-JVM side runs the same graph on an embedded node in this JVM. Runs go A B B A
 * (A = one JVM, B = the cluster) after {@code --warm-up-runs} warm-up runs of each (default 1), and a summary gives
 * B/A; {@code --rounds 0} runs the cluster only, cold and warm.
 */
final class ClusterBench {
    static final String USAGE = "bench --cluster-jvms N [--records N] [--parallelism P] [--rounds R]"
            + " [--warm-up-runs W] [--node-jvm-opts \"<options>\"] [--node-config \"<hocon>\"] [--workloads W1]";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

    /** What the options say. */
    record Options(int jvms, long records, int parallelism, int rounds, int warmUpRuns, List<String> nodeJvmOptions,
                   String nodeConfig) {
        Options(int jvms, long records, int parallelism, int rounds, List<String> nodeJvmOptions) {
            this(jvms, records, parallelism, rounds, 1, nodeJvmOptions, "");
        }

        static Options parse(String[] args) {
            Integer jvms = null;
            long records = 20_000_000;
            Integer parallelism = null;
            int rounds = 4;
            int warmUpRuns = 1;
            List<String> nodeOptions = null;
            String nodeConfig = "";
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value; usage: " + USAGE);
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--cluster-jvms" -> jvms = positive(args[i], value);
                    case "--records" -> records = positiveLong(args[i], value.replace("_", ""));
                    case "--parallelism" -> parallelism = positive(args[i], value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--warm-up-runs" -> warmUpRuns = Integer.parseInt(value);
                    case "--node-jvm-opts" -> nodeOptions = List.of(value.trim().split("\\s+")).stream()
                            .filter(s -> !s.isEmpty()).toList();
                    case "--node-config" -> nodeConfig = value;
                    case "--workloads" -> {
                        if (!value.equals("W1")) {
                            throw new IllegalArgumentException("--cluster-jvms runs W1 only, not " + value
                                    + "; usage: " + USAGE);
                        }
                    }
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + " with --cluster-jvms; usage: " + USAGE);
                }
            }
            if (jvms == null) {
                throw new IllegalArgumentException("--cluster-jvms needs a number of JVMs; usage: " + USAGE);
            }
            if (rounds < 0) {
                throw new IllegalArgumentException("--rounds must be 0 (the cluster only) or more, not " + rounds);
            }
            if (warmUpRuns < 0) {
                throw new IllegalArgumentException("--warm-up-runs must be 0 or more, not " + warmUpRuns);
            }
            int cores = Runtime.getRuntime().availableProcessors();
            // One source and one keyed subtask on every JVM at least, so records cross between all of them.
            int p = parallelism != null ? parallelism : Math.max(cores, jvms);
            return new Options(jvms, records, p, rounds, warmUpRuns,
                    nodeOptions == null ? inheritedJvmOptions() : nodeOptions, nodeConfig);
        }

        private static int positive(String option, String value) {
            long n = positiveLong(option, value);
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(option + " takes a positive whole number up to "
                        + Integer.MAX_VALUE + ", not '" + value + "'");
            }
            return (int) n;
        }

        private static long positiveLong(String option, String value) {
            try {
                long n = Long.parseLong(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Below.
            }
            throw new IllegalArgumentException(option + " takes a positive whole number, not '" + value + "'");
        }
    }

    /**
     * One measured run.
     *
     * @param side "1 JVM" or "N JVMs"
     * @param records records read by the sources
     * @param phase warm-up, cold, warm or the round
     * @param toEndMillis from submission (or {@code execute}) to the last keyed subtask's end of input
     * @param fromOpenMillis from the first keyed subtask's {@code open} to the last one's end of input
     * @param wireBytes bytes of batches and events the nodes sent each other
     * @param batches batches the nodes sent each other
     * @param serializeNanos CPU time spent writing the records of batches to other nodes, all nodes
     * @param deserializeNanos CPU time spent reading them back, all nodes
     * @param frameNanos CPU time remoting spent on batch frames, all nodes
     * @param cpuNanos the CPU time of all node processes during the run
     * @param gcMillis collector time of all node processes during the run
     * @param placement the subtasks each node hosted, or empty
     * @param idleNodesCpuNanos on the one-JVM side, the CPU time the cluster's node processes (idle meanwhile) took
     *     during the run, which the one JVM could not have; -1 on the cluster side
     */
    record Run(String side, String phase, long records, long toEndMillis, long fromOpenMillis, long wireBytes,
               long batches, long serializeNanos, long deserializeNanos, long frameNanos, long cpuNanos,
               long gcMillis, String placement, long idleNodesCpuNanos) {
        double rate() {
            return records * 1000.0 / Math.max(1, toEndMillis);
        }

        double serializationShare() {
            return (serializeNanos + deserializeNanos + frameNanos) / (double) Math.max(1, cpuNanos);
        }

        @Override
        public String toString() {
            String line = String.format("W1 %-7s %-7s records=%,d  to-end-of-input=%,d ms (%.2f M/s)  "
                            + "from-first-open=%,d ms (%.2f M/s)  cpu=%,d ms  gc=%,d ms",
                    side, phase, records, toEndMillis, rate() / 1e6, fromOpenMillis,
                    records / 1e3 / Math.max(1, fromOpenMillis), cpuNanos / 1_000_000, gcMillis);
            if (batches == 0) {
                return idleNodesCpuNanos < 0 ? line
                        : line + String.format("  idle nodes' cpu=%,d ms", idleNodesCpuNanos / 1_000_000);
            }
            return line + String.format("%n   wire=%,.1f MB/s (%,d MB in %,d batches)  serialize=%,d ms"
                            + "  deserialize=%,d ms  frames=%,d ms  = %.1f %% of cpu%n   placement: %s",
                    wireBytes / 1e3 / Math.max(1, toEndMillis), wireBytes >> 20, batches,
                    serializeNanos / 1_000_000, deserializeNanos / 1_000_000, frameNanos / 1_000_000,
                    serializationShare() * 100, placement);
        }
    }

    private ClusterBench() {
    }

    static void main(String[] args, PrintStream out) throws Exception {
        Options options = Options.parse(args);
        run(options, out);
    }

    /** Runs the comparison (or, with 0 rounds, the cluster alone) and returns the measured runs. */
    static List<Run> run(Options options, PrintStream out) throws Exception {
        out.printf("FlinkStream bench: W1 on %d JVMs against 1 JVM, %,d records per run, parallelism %d, %d cores, "
                        + "Java %s%n  node JVM options: %s%s%n", options.jvms(), options.records(),
                options.parallelism(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                String.join(" ", options.nodeJvmOptions()),
                options.nodeConfig().isBlank() ? "" : "%n  node configuration: ".formatted() + options.nodeConfig());
        Path dir = Files.createTempDirectory("flinkstream-cluster-bench-");
        boolean ok = false;
        String name = "flinkstream-bench";
        // The bench waits for the nodes' membership lines, logged at INFO.
        List<String> jvm = new ArrayList<>(options.nodeJvmOptions());
        jvm.add("-DFLINKSTREAM_LOG_LEVEL=INFO");
        try (LocalCluster cluster = LocalCluster.create(name, options.jvms(), dir, jvm, classPath(),
                LocalCluster.JOIN_FAST).withConfig(options.nodeConfig())) {
            List<LocalCluster.NodeProcess> nodes = cluster.startAll(START_TIMEOUT);
            awaitMembers(nodes);
            List<Run> runs = new ArrayList<>();
            try (ClusterClient client = ClusterClient.connect(nodes.get(0).hostPort(), ConfigFactory.parseString(
                    "flinkstream.system-name = \"" + name + "\"\nflinkstream.client.port = 0\n"));
                 FlinkStreamNode local = FlinkStreamNode.startEmbedded()) {
                String clusterSide = options.jvms() + " JVMs";
                if (options.rounds() == 0) {
                    for (String phase : List.of("cold", "warm")) {
                        runs.add(print(out, onCluster(client, nodes, options, clusterSide, phase, dir)));
                    }
                } else {
                    List<PairedComparison.Side> order = PairedComparison.abbaOrder(options.rounds());
                    out.printf("A = 1 JVM, B = %s: %d warm-up run%s of each (not counted), then %d rounds: %s%n",
                            clusterSide, options.warmUpRuns(), options.warmUpRuns() == 1 ? "" : "s",
                            options.rounds(), PairedComparison.describe(order));
                    for (int w = 1; w <= options.warmUpRuns(); w++) {
                        String phase = options.warmUpRuns() == 1 ? "warm-up" : "warm-up " + w;
                        print(out, onOneJvm(local, nodes, options, phase, dir));
                        print(out, onCluster(client, nodes, options, clusterSide, phase, dir));
                    }
                    for (int i = 0; i < order.size(); i++) {
                        String phase = "r" + (i / 2 + 1);
                        runs.add(print(out, order.get(i) == PairedComparison.Side.A
                                ? onOneJvm(local, nodes, options, phase, dir)
                                : onCluster(client, nodes, options, clusterSide, phase, dir)));
                    }
                    List<Double> rates = runs.stream().map(Run::rate).toList();
                    PairedComparison.summarize(PairedComparison.rounds(order, rates)).lines("1 JVM", clusterSide)
                            .forEach(out::println);
                    List<Run> clusterRuns = runs.stream().filter(r -> r.side().equals(clusterSide)).toList();
                    out.printf("  %s, median over its runs: wire %.1f MB/s, serialization %.1f %% of cpu%n",
                            clusterSide,
                            PairedComparison.median(clusterRuns.stream()
                                    .map(r -> r.wireBytes() / 1e3 / Math.max(1, r.toEndMillis())).toList()),
                            PairedComparison.median(clusterRuns.stream()
                                    .map(r -> r.serializationShare() * 100).toList()));
                }
            }
            cluster.stop(Duration.ofSeconds(20));
            ok = true;
            return runs;
        } finally {
            if (ok) {
                Bench.deleteRecursively(dir);
            } else {
                out.println("The nodes' configurations and output are kept in " + dir);
            }
        }
    }

    private static Run print(PrintStream out, Run run) {
        out.println(run);
        return run;
    }

    /** Waits until every node has seen every other one up, so that every node's shard region takes subtasks. */
    private static void awaitMembers(List<LocalCluster.NodeProcess> nodes) throws InterruptedException {
        for (LocalCluster.NodeProcess observer : nodes) {
            for (LocalCluster.NodeProcess member : nodes) {
                if (member != observer) {
                    observer.awaitLine("Member up: " + member.address(), START_TIMEOUT);
                }
            }
        }
    }

    private static Run onCluster(ClusterClient client, List<LocalCluster.NodeProcess> nodes, Options options,
                                 String side, String phase, Path dir) throws Exception {
        Path reports = Files.createTempDirectory(dir, "reports-");
        List<NodeTraffic.TrafficReport> before = new ArrayList<>();
        for (LocalCluster.NodeProcess node : nodes) {
            before.add(client.traffic(node.hostPort(), null));
        }
        long start = System.currentTimeMillis();
        ClusterJob job = client.submit(W1Job.class.getName(), String.valueOf(options.records()),
                String.valueOf(options.parallelism()), reports.toString());
        JobManager.JobStatusReply end = job.awaitTermination(RUN_TIMEOUT);
        if (end.status() != JobStatus.FINISHED) {
            throw new IllegalStateException("W1 on " + side + " (job " + job.jobId() + ") ended " + end.status()
                    + (end.failure() == null ? "" : ": " + end.failure()) + "; the nodes' logs are in " + dir);
        }
        List<NodeTraffic.TrafficReport> after = new ArrayList<>();
        for (LocalCluster.NodeProcess node : nodes) {
            after.add(client.traffic(node.hostPort(), job.jobId()));
        }
        W1Job.Report report = check(W1Job.readReport(reports, options.parallelism()), options);
        Map<String, List<String>> placement = new TreeMap<>();
        long bytes = 0;
        long batches = 0;
        long ser = 0;
        long deser = 0;
        long frames = 0;
        long cpu = 0;
        long gc = 0;
        for (int i = 0; i < nodes.size(); i++) {
            NodeTraffic.TrafficReport a = after.get(i);
            NodeTraffic.TrafficReport b = before.get(i);
            bytes += a.batchBytesSent() - b.batchBytesSent() + a.eventBytesSent() - b.eventBytesSent();
            batches += a.batchesSent() - b.batchesSent();
            ser += a.serializeNanos() - b.serializeNanos();
            deser += a.deserializeNanos() - b.deserializeNanos();
            frames += a.frameNanos() - b.frameNanos();
            cpu += a.cpuNanos() - b.cpuNanos();
            gc += a.gcMillis() - b.gcMillis();
            placement.put("node-" + (i + 1), a.subtasks().stream()
                    .map(id -> id.substring(id.indexOf('/') + 1)).toList());
        }
        // With at least as many subtasks per vertex as JVMs, every JVM must host a source and a keyed subtask.
        if (options.parallelism() >= nodes.size()) {
            for (Map.Entry<String, List<String>> node : placement.entrySet()) {
                for (String vertex : List.of("0/", "1/")) {
                    if (node.getValue().stream().noneMatch(id -> id.startsWith(vertex))) {
                        throw new IllegalStateException("W1's subtasks did not spread over the " + nodes.size()
                                + " JVMs: " + node.getKey() + " hosted no subtask of vertex " + vertex.charAt(0)
                                + " (placement " + placement + ", vertex/subtask)");
                    }
                }
            }
        }
        Bench.deleteRecursively(reports);
        String where = placement.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + " (vertex/subtask)";
        return new Run(side, phase, options.records(), report.lastEndMillis() - start,
                report.lastEndMillis() - report.firstOpenMillis(), bytes, batches, ser, deser, frames, cpu, gc, where,
                -1);
    }

    private static Run onOneJvm(FlinkStreamNode node, List<LocalCluster.NodeProcess> nodes, Options options,
                                String phase, Path dir) throws Exception {
        Path reports = Files.createTempDirectory(dir, "reports-");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(node);
        W1Job.build(env, options.records(), options.parallelism(), reports.toString());
        System.gc();
        long cpuBefore = processCpuNanos();
        long nodesBefore = nodesCpuNanos(nodes);
        long gcBefore = gcMillis();
        long start = System.currentTimeMillis();
        env.execute("W1 1 JVM " + phase);
        long cpu = processCpuNanos() - cpuBefore;
        long nodesCpu = nodesCpuNanos(nodes) - nodesBefore;
        long gc = gcMillis() - gcBefore;
        W1Job.Report report = check(W1Job.readReport(reports, options.parallelism()), options);
        Bench.deleteRecursively(reports);
        return new Run("1 JVM", phase, options.records(), report.lastEndMillis() - start,
                report.lastEndMillis() - report.firstOpenMillis(), 0, 0, 0, 0, 0, cpu, gc, "", nodesCpu);
    }

    /** CPU time of the node processes so far, as the operating system counts it. */
    private static long nodesCpuNanos(List<LocalCluster.NodeProcess> nodes) {
        long nanos = 0;
        for (LocalCluster.NodeProcess node : nodes) {
            nanos += node.process().toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }
        return nanos;
    }

    /** The result is right: every record counted once, every key in one subtask only. */
    private static W1Job.Report check(W1Job.Report report, Options options) {
        long keys = Math.min(options.records(), W1Job.KEYS);
        if (report.records() != options.records() || report.newKeys() != keys) {
            throw new IllegalStateException("W1 counted " + report.records() + " records and " + report.newKeys()
                    + " keys instead of " + options.records() + " and " + keys);
        }
        return report;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    /** Surefire's real class path (its java.class.path may be a manifest-only jar), or this JVM's. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * This JVM's options for the nodes, without those that must not be doubled: agents and debuggers (one port
     * each) and flight recordings (one file each); {@code --node-jvm-opts} gives nodes those explicitly.
     */
    static List<String> inheritedJvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> !o.startsWith("-agentlib") && !o.startsWith("-javaagent") && !o.startsWith("-Xrunjdwp")
                        && !o.startsWith("-XX:StartFlightRecording") && !o.startsWith("-XX:FlightRecorderOptions"))
                .toList();
    }
}
