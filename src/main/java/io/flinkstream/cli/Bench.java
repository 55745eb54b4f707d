package io.flinkstream.cli;

import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.CheckpointingMode;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.SinkFunction;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.cluster.FlinkStreamNode;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark command: runs each workload twice in one JVM on one node (cold, then warm) and prints one line
 * per run with records, wall time, records/s and peak heap. With {@code --compare A,B} it compares two workloads
 * instead: a warm-up run of each, then rounds of one A and one B run in the order A B B A A B …, and a summary
 * (see {@link PairedComparison}).
 *
 * <ul>
 *   <li>W0 stateless: {@code fromSequence(0, N-1) -> map(v -> v + 1) -> discard}, parallelism 2</li>
 *   <li>W1 keyed count: the same numbers keyed by {@code v % 1,000,000}, a {@code ValueState<Long>} count per key
 *       in a {@code KeyedProcessFunction}, discard, parallelism 2</li>
 *   <li>W1C: W1 with an exactly-once checkpoint every second to the fs backend</li>
 *   <li>W3: W1C with one failure after half the records and an immediate restart: recovery time and an
 *       exactly-once check of the final counts</li>
 *   <li>W4: W1 with typed records and mutable state: the numbers mapped to {@code Tuple2<Long, Long>} (key, value),
 *       keyed by {@code f0}, a count per key in a {@code ValueState} of a mutable POJO read, changed in place and
 *       written back, as Flink users write it; the tuples are copied between operators (no object reuse)</li>
 * </ul>
 */
public final class Bench {

    /**
     * One measured run.
     *
     * @param workload W0, W1, W1C or W3
     * @param phase cold or warm; in a comparison, warm-up or the round: r1, r2, …
     * @param records records read by the source
     * @param wallMillis from execute to the result
     * @param processingMillis from execute until the last sink subtask saw the end of its input: the wall time
     *     without the final checkpoint of a checkpointed job and without the teardown
     * @param peakHeapBytes the most heap in use during the run (all heap pools' peaks added up)
     * @param detail what the workload reports besides the rate (checkpoints, recovery), or empty
     */
    public record Run(String workload, String phase, long records, long wallMillis, long processingMillis,
                      long peakHeapBytes, String detail) {
        /** Records read per second of wall time. */
        public double recordsPerSecond() {
            return records * 1000.0 / Math.max(1, wallMillis);
        }

        /** Records read per second of processing time: the steady rate, compared by {@code --compare}. */
        public double processingRecordsPerSecond() {
            return records * 1000.0 / Math.max(1, processingMillis);
        }

        @Override
        public String toString() {
            return String.format("%-3s %-5s records=%,d  wall=%,d ms  rate=%,.2f M records/s  "
                            + "to-end-of-input=%,d ms (%,.2f M/s)  peak-heap=%,d MB%s",
                    workload, phase, records, wallMillis, recordsPerSecond() / 1e6, processingMillis,
                    processingRecordsPerSecond() / 1e6, peakHeapBytes >> 20, detail.isEmpty() ? "" : "  " + detail);
        }
    }

    private Bench() {
    }

    private static final long KEYS = 1_000_000;
    private static final List<String> WORKLOADS = List.of("W0", "W1", "W1C", "W3", "W4");
    private static final int DEFAULT_ROUNDS = 4;
    private static final String USAGE = "bench [--records N] [--workloads W0,W1,W1C,W3,W4]"
            + " or bench [--records N] --compare A,B [--rounds R] (default 4) or " + ClusterBench.USAGE;
    private static final List<Path> TEMP_DIRS = new ArrayList<>();

    /**
     * {@code bench [--records N] [--workloads W0,W1,W1C,W3]}, or {@code bench [--records N] --compare A,B
     * [--rounds R]}.
     */
    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--cluster-jvms")) {
            ClusterBench.main(args, System.out);
            return;
        }
        long records = 20_000_000;
        List<String> workloads = null;
        List<String> compared = null;
        Integer rounds = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value; usage: " + USAGE);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(value.replace("_", ""));
                case "--workloads" -> workloads = List.of(value.split(","));
                case "--compare" -> compared = List.of(value.split(","));
                case "--rounds" -> rounds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; usage: " + USAGE);
            }
        }
        if (compared == null) {
            if (rounds != null) {
                throw new IllegalArgumentException("--rounds needs --compare; usage: " + USAGE);
            }
            run(records, workloads == null ? List.of("W0", "W1") : workloads, System.out);
            return;
        }
        if (workloads != null || compared.size() != 2) {
            throw new IllegalArgumentException("--compare takes two workloads, e.g. --compare W1,W1C, and no"
                    + " --workloads; usage: " + USAGE);
        }
        compare(records, compared.get(0), compared.get(1), rounds == null ? DEFAULT_ROUNDS : rounds, System.out);
    }

    /** Runs the workloads and prints a line per run; returns the runs. */
    public static List<Run> run(long records, List<String> workloads, PrintStream out) throws Exception {
        return onEmbeddedNode(records, out, node -> {
            List<Run> runs = new ArrayList<>();
            for (String workload : workloads) {
                for (String phase : List.of("cold", "warm")) {
                    Run run = runOnce(node, workload, phase, records);
                    out.println(run);
                    runs.add(run);
                }
            }
            return runs;
        });
    }

    /**
     * Compares workload B with workload A: runs each once as a warm-up, then {@code rounds} rounds of one A and one
     * B run in the order A B B A A B …, prints a line per run and a summary of the rates; returns the measured runs
     * (without the warm-ups) in the order they ran. Use an even number of rounds, so that a linear drift cancels.
     *
     * <pre>{@code Bench.compare(60_000_000, "W1", "W1C", 8, System.out); // the cost of checkpointing}</pre>
     */
    public static List<Run> compare(long records, String a, String b, int rounds, PrintStream out) throws Exception {
        for (String workload : List.of(a, b)) {
            // Now rather than after A's warm-up run.
            if (!WORKLOADS.contains(workload)) {
                throw new IllegalArgumentException("Unknown workload " + workload + "; known: " + WORKLOADS);
            }
        }
        List<PairedComparison.Side> order = PairedComparison.abbaOrder(rounds);
        return onEmbeddedNode(records, out, node -> {
            out.printf("Comparing A = %s with B = %s: a warm-up run of each (not counted), then %d rounds: %s%n",
                    a, b, rounds, PairedComparison.describe(order));
            out.println(runOnce(node, a, "warm-up", records));
            out.println(runOnce(node, b, "warm-up", records));
            List<Run> measured = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                String workload = order.get(i) == PairedComparison.Side.A ? a : b;
                Run run = runOnce(node, workload, "r" + (i / 2 + 1), records);
                out.println(run);
                measured.add(run);
            }
            List<Double> rates = measured.stream().map(Run::processingRecordsPerSecond).toList();
            PairedComparison.summarize(PairedComparison.rounds(order, rates)).lines(a, b).forEach(out::println);
            return measured;
        });
    }

    /** What runs on the node: some benchmark runs. */
    private interface NodeSession {
        List<Run> runOn(FlinkStreamNode node) throws Exception;
    }

    /** Prints the header, starts an embedded node, runs the session on it and closes it. */
    private static List<Run> onEmbeddedNode(long records, PrintStream out, NodeSession session) throws Exception {
        out.printf("FlinkStream bench: %,d records per run, %d cores, max heap %,d MB, Java %s%n", records,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        try (FlinkStreamNode node = FlinkStreamNode.startEmbedded()) {
            return session.runOn(node);
        } finally {
            // After the node is closed: its snapshot writes and clean-ups have ended.
            for (Path dir : TEMP_DIRS) {
                deleteRecursively(dir);
            }
            TEMP_DIRS.clear();
        }
    }

    private static Run runOnce(FlinkStreamNode node, String workload, String phase, long records) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(node);
        env.setParallelism(2);
        Path checkpoints = Files.createTempDirectory("flinkstream-bench-");
        switch (workload) {
            case "W0" -> env.fromSequence(0, records - 1).map(v -> v + 1).addSink(new EndOfInputSink<>());
            case "W1" -> env.fromSequence(0, records - 1).keyBy(v -> v % KEYS).process(new CountPerKey())
                    .addSink(new EndOfInputSink<>());
            case "W1C" -> {
                env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
                env.setStateBackend(new FsStateBackend(checkpoints.toString()));
                env.fromSequence(0, records - 1).keyBy(v -> v % KEYS).process(new CountPerKey())
                        .addSink(new EndOfInputSink<>());
            }
            case "W3" -> {
                env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
                env.setStateBackend(new FsStateBackend(checkpoints.toString()));
                env.setRestartStrategy(RestartStrategies.fixedDelayRestart(1, Duration.ZERO));
                RecoveryProbe.reset(records / 2);
                env.fromSequence(0, records - 1).keyBy(v -> v % KEYS)
                        .process(new RecoveryProbe.CountFailingOnce(records / KEYS)).addSink(new EndOfInputSink<>());
            }
            case "W4" -> env.fromSequence(0, records - 1).map(v -> Tuple2.of(v % KEYS, v))
                    .returns(Types.TUPLE(Types.LONG, Types.LONG)).keyBy(t -> t.f0).process(new PojoCountPerKey())
                    .addSink(new EndOfInputSink<>());
            default -> throw new IllegalArgumentException("Unknown workload " + workload + "; known: " + WORKLOADS);
        }
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        EndOfInputSink.LAST_END.set(start);
        JobExecutionResult result = env.execute(workload + " " + phase);
        long wall = (System.nanoTime() - start) / 1_000_000;
        long processing = (EndOfInputSink.LAST_END.get() - start) / 1_000_000;
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
        return new Run(workload, phase, records, wall, processing, peak, detail);
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

    static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Discards every record, and notes when a subtask's input ended ({@code finish()}, before any final
     * checkpoint): the end of the processing a run measures.
     */
    static final class EndOfInputSink<T> implements SinkFunction<T> {
        static final AtomicLong LAST_END = new AtomicLong();

        @Override
        public void invoke(T value, Context context) {
            // Intentionally empty.
        }

        @Override
        public void finish() {
            LAST_END.accumulateAndGet(System.nanoTime(), Math::max);
        }
    }

    /** W4's state: a mutable count, a POJO as Flink's docs write them. */
    public static final class Count {
        public long count;
    }

    /** W4's function: a count per key in a {@code ValueState<Count>}, changed in place and written back. */
    static final class PojoCountPerKey extends KeyedProcessFunction<Long, Tuple2<Long, Long>, Long> {
        private transient ValueState<Count> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Count.class));
        }

        @Override
        public void processElement(Tuple2<Long, Long> value, Context ctx, Collector<Long> out) throws Exception {
            Count current = count.value();
            if (current == null) {
                current = new Count();
            }
            current.count++;
            count.update(current);
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
