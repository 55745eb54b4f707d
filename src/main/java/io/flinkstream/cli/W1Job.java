package io.flinkstream.cli;

import io.flinkstream.api.Collector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RichSinkFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The bench's W1 as a job class, for a cluster: {@code main(records, parallelism, reportDir)} builds
 * {@code fromSequence(0, records-1).keyBy(v -> v % 1,000,000).process(count per key in a ValueState<Long>)} and a
 * sink, as {@link Bench}'s W1, and every keyed subtask reports into {@code reportDir} (a folder all nodes share,
 * here on one machine): when it opened, which process ran it, how many records and new keys it counted, and when its
 * input ended. {@link #readReport} adds them up. Everything comes from the arguments, so every node rebuilds the same
 * graph; the bench runs the same graph in one JVM to compare.
 */
public final class W1Job {
    static final long KEYS = 1_000_000;

    private W1Job() {
    }

    /** {@code records parallelism reportDir}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("W1Job takes: records parallelism reportDir, not " + List.of(args));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, Long.parseLong(args[0]), Integer.parseInt(args[1]), args[2]);
        env.execute("W1 " + args[0]);
    }

    /** Adds W1 to {@code env}. */
    static void build(StreamExecutionEnvironment env, long records, int parallelism, String reportDir) {
        env.setParallelism(parallelism);
        env.fromSequence(0, records - 1).keyBy(v -> v % KEYS).process(new ReportingCountPerKey(reportDir))
                .addSink(new EndOfInputReport(reportDir));
    }

    /**
     * What the keyed subtasks of one run reported.
     *
     * @param records records counted, over all subtasks
     * @param newKeys keys first seen, over all subtasks: the distinct keys when no key reached two subtasks
     * @param firstOpenMillis the first subtask's {@code open}, wall clock
     * @param lastEndMillis the last subtask's end of input, wall clock
     * @param pids the process of each keyed subtask, by subtask index
     */
    record Report(long records, long newKeys, long firstOpenMillis, long lastEndMillis, List<Long> pids) {
    }

    /** Adds up what the subtasks wrote into {@code dir}; fails naming what is missing. */
    static Report readReport(Path dir, int parallelism) throws IOException {
        long records = 0;
        long keys = 0;
        long firstOpen = Long.MAX_VALUE;
        long lastEnd = 0;
        Long[] pids = new Long[parallelism];
        int ends = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String[] fields = Files.readString(file).trim().split(" ");
                if (file.getFileName().toString().startsWith("count-")) {
                    int subtask = Integer.parseInt(fields[0]);
                    pids[subtask] = Long.parseLong(fields[1]);
                    records += Long.parseLong(fields[2]);
                    keys += Long.parseLong(fields[3]);
                    firstOpen = Math.min(firstOpen, Long.parseLong(fields[4]));
                } else if (file.getFileName().toString().startsWith("end-")) {
                    lastEnd = Math.max(lastEnd, Long.parseLong(fields[0]));
                    ends++;
                }
            }
        }
        if (ends != parallelism || java.util.Arrays.asList(pids).contains(null)) {
            throw new IllegalStateException("W1's keyed subtasks left " + ends + " end reports of " + parallelism
                    + " and counts for subtasks " + java.util.Arrays.asList(pids) + " in " + dir + "; did every subtask finish?");
        }
        return new Report(records, keys, firstOpen, lastEnd, List.of(pids));
    }

    private static void write(String dir, String prefix, String line) {
        try {
            // A fresh name per attempt: a restarted subtask would not overwrite, and the count would show it.
            Files.writeString(Path.of(dir, prefix + UUID.randomUUID()), line);
        } catch (IOException e) {
            throw new UncheckedIOException("W1 cannot write its report into " + dir, e);
        }
    }

    /** W1's count per key, also counting its records and new keys, reported at its close. */
    static final class ReportingCountPerKey extends KeyedProcessFunction<Long, Long, Long> {
        private final String reportDir;
        private transient ValueState<Long> count;
        private transient long records;
        private transient long newKeys;
        private transient long openMillis;

        ReportingCountPerKey(String reportDir) {
            this.reportDir = reportDir;
        }

        @Override
        public void open(OpenContext ctx) {
            openMillis = System.currentTimeMillis();
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            Long current = count.value();
            records++;
            if (current == null) {
                newKeys++;
            }
            count.update(current == null ? 1L : current + 1);
        }

        @Override
        public void close() {
            write(reportDir, "count-", getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + " "
                    + ProcessHandle.current().pid() + " " + records + " " + newKeys + " " + openMillis);
        }
    }

    /** Discards every record; notes when its input ended, as {@link Bench}'s sink does, but on the wall clock. */
    static final class EndOfInputReport extends RichSinkFunction<Long> {
        private final String reportDir;

        EndOfInputReport(String reportDir) {
            this.reportDir = reportDir;
        }

        @Override
        public void invoke(Long value, Context context) {
            // Intentionally empty.
        }

        @Override
        public void finish() {
            write(reportDir, "end-", String.valueOf(System.currentTimeMillis()));
        }
    }
}
