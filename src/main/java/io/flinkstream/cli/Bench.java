package io.flinkstream.cli;

import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.CheckpointingMode;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.connectors.DiscardingSink;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark command: runs each workload twice in one JVM on one node (cold, then warm) and prints one line
 * per run with records, wall time, records/s and peak heap.
 *
 * <ul>
 *   <li>W0 stateless: {@code fromSequence(0, N-1) -> map(v -> v + 1) -> discard}, parallelism 2</li>
 *   <li>W1 keyed count: the same numbers keyed by {@code v % 1,000,000}, a {@code ValueState<Long>} count per key
 *       in a {@code KeyedProcessFunction}, discard, parallelism 2</li>
 *   <li>W1C: W1 with an exactly-once checkpoint every second to the fs backend</li>
 *   <li>W3: W1C with one failure after half the records and an immediate restart: recovery time and an
 *       exactly-once check of the final counts</li>
 * </ul>
 */
public final class Bench {

    /**
     * One measured run.
     *
     * @param workload W0 or W1
     * @param phase cold or warm
     * @param records records read by the source
     * @param wallMillis from execute to the result
     * @param peakHeapBytes the most heap in use during the run (all heap pools' peaks added up)
     */
    public record Run(String workload, String phase, long records, long wallMillis, long peakHeapBytes,
                      String detail) {
        public double recordsPerSecond() {
            return records * 1000.0 / Math.max(1, wallMillis);
        }

        @Override
        public String toString() {
            return String.format("%-3s %-5s records=%,d  wall=%,d ms  rate=%,.2f M records/s  peak-heap=%,d MB%s",
                    workload, phase, records, wallMillis, recordsPerSecond() / 1e6, peakHeapBytes >> 20,
                    detail.isEmpty() ? "" : "  " + detail);
        }
    }

    private Bench() {
    }

    private static final long KEYS = 1_000_000;
    private static final List<Path> TEMP_DIRS = new ArrayList<>();

    /** {@code bench [--records N] [--workloads W0,W1,W1C,W3]}. */
    public static void main(String[] args) throws Exception {
        long records = 20_000_000;
        List<String> workloads = List.of("W0", "W1");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[i + 1].replace("_", ""));
                case "--workloads" -> workloads = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; use --records N and --workloads W0,W1");
            }
        }
        run(records, workloads, System.out);
    }

    /** Runs the workloads and prints a line per run; returns the runs. */
    public static List<Run> run(long records, List<String> workloads, PrintStream out) throws Exception {
        out.printf("FlinkStream bench: %,d records per run, %d cores, max heap %,d MB, Java %s%n", records,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        List<Run> runs = new ArrayList<>();
        try (FlinkStreamNode node = FlinkStreamNode.startEmbedded()) {
            for (String workload : workloads) {
                for (String phase : List.of("cold", "warm")) {
                    Run run = runOnce(node, workload, phase, records);
                    out.println(run);
                    runs.add(run);
                }
            }
        } finally {
            // After the node is closed: its snapshot writes and clean-ups have ended.
            for (Path dir : TEMP_DIRS) {
                deleteRecursively(dir);
            }
            TEMP_DIRS.clear();
        }
        return runs;
    }

    private static Run runOnce(FlinkStreamNode node, String workload, String phase, long records) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(node);
        env.setParallelism(2);
        Path checkpoints = Files.createTempDirectory("flinkstream-bench-");
        switch (workload) {
            case "W0" -> env.fromSequence(0, records - 1).map(v -> v + 1).addSink(new DiscardingSink<>());
            case "W1" -> env.fromSequence(0, records - 1).keyBy(v -> v % KEYS).process(new CountPerKey())
                    .addSink(new DiscardingSink<>());
            case "W1C" -> {
                env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
                env.setStateBackend(new FsStateBackend(checkpoints.toString()));
                env.fromSequence(0, records - 1).keyBy(v -> v % KEYS).process(new CountPerKey())
                        .addSink(new DiscardingSink<>());
            }
            case "W3" -> {
                env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
                env.setStateBackend(new FsStateBackend(checkpoints.toString()));
                env.setRestartStrategy(RestartStrategies.fixedDelayRestart(1, Duration.ZERO));
                RecoveryProbe.reset(records / 2);
                env.fromSequence(0, records - 1).keyBy(v -> v % KEYS)
                        .process(new RecoveryProbe.CountFailingOnce(records / KEYS)).addSink(new DiscardingSink<>());
            }
            default -> throw new IllegalArgumentException("Unknown workload " + workload
                    + "; known: W0, W1, W1C, W3");
        }
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        JobExecutionResult result = env.execute(workload + " " + phase);
        long wall = (System.nanoTime() - start) / 1_000_000;
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        TEMP_DIRS.add(checkpoints);
        long read = result.metrics().sourceRecords();
        if (!workload.equals("W3") && read != records) {
            throw new IllegalStateException(workload + " read " + read + " records instead of " + records);
        }
        String detail = switch (workload) {
            case "W1C" -> checkpointDetail(result);
            case "W3" -> RecoveryProbe.detail(records, Math.min(records, KEYS)) + "  " + checkpointDetail(result);
            default -> "";
        };
        return new Run(workload, phase, records, wall, peak, detail);
    }

    private static String checkpointDetail(JobExecutionResult result) {
        List<CheckpointStats> done = result.metrics().checkpoints().stream()
                .filter(c -> c.status() == CheckpointStats.Status.COMPLETED).toList();
        if (done.isEmpty()) {
            return "checkpoints=0";
        }
        return String.format("checkpoints=%d  duration avg=%.0f ms max=%d ms  sync-pause max=%.2f ms  state=%,d KB",
                done.size(), done.stream().mapToLong(c -> c.endToEnd().toMillis()).average().orElse(0),
                done.stream().mapToLong(c -> c.endToEnd().toMillis()).max().orElse(0),
                done.stream().mapToDouble(CheckpointStats::maxSyncMillis).max().orElse(0),
                done.get(done.size() - 1).stateBytes() >> 10);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** W1's function: a count per key in a {@code ValueState<Long>}. */
    static final class CountPerKey extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            Long current = count.value();
            count.update(current == null ? 1L : current + 1);
        }
    }
}
