package io.flinkstream.cluster.failover;

import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.connectors.ExactlyOnceFileSink;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The job the failover tests submit to node JVMs, a class on every node's class path as users deploy them:
 * {@code main(output, checkpoints, control, count, perSecond, parallelism)}.
 *
 * <pre>
 * numbers [0, count), rate-limited ──► slow-snapshot map ──HASH(v % 12)──► count per key ──► exactly-once files
 *   (one range per subtask)            (chained)                           (keyed state)     (chained)
 * </pre>
 *
 * <p>Each output line is {@code key:count:value}, where {@code count} is the key's running count in keyed state.
 * Whatever the order records meet, the failure-free output holds every value once and, for every key, the counts
 * 1..n once each ({@link #expectedCounts}); a lost record, a duplicate, or keyed state lost or counted twice on a
 * restore shows in it.
 *
 * <p>The test steers the job through files in {@code control}, a folder every node sees: the sources emit
 * {@code perSecond} numbers a second in all, and hold at half of their range until the file {@code release} exists;
 * while the file {@code slow} exists, the map's snapshot in the first attempt writes {@code snapshot-<id>-<subtask>}
 * there and then takes {@link #SLOW_SNAPSHOT} — so a checkpoint is pending when the test sees those markers, and the
 * snapshots of the subtasks that survive a kill then are written after the checkpoint was aborted (the slow snapshot
 * outlasts failure detection).
 * It checkpoints every 200 ms into {@code checkpoints} (the fs backend) and restarts without delay.
 */
public final class FailoverJob {
    /** The number of distinct keys. */
    static final int KEYS = 12;
    /** How long a snapshot takes while the {@code slow} file exists, in the first attempt. */
    static final Duration SLOW_SNAPSHOT = Duration.ofSeconds(8);

    private FailoverJob() {
    }

    public static void main(String[] args) throws Exception {
        String output = args[0];
        String checkpoints = args[1];
        String control = args[2];
        long count = Long.parseLong(args[3]);
        int perSecond = Integer.parseInt(args[4]);
        int parallelism = Integer.parseInt(args[5]);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(200);
        env.setStateBackend(new FsStateBackend(checkpoints));
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(5, Duration.ZERO));
        env.fromSource(new PacedNumbers(count, perSecond, control), "paced numbers")
                .map(new SlowSnapshotMap(control)).name("slow snapshot")
                .keyBy(new ByKey())
                .process(new CountPerKey()).name("count per key")
                .addSink(new ExactlyOnceFileSink<>(output)).name("files");
        env.execute("failover");
    }

    /** For each key, how many of {@code [0, count)} have it: its counts in the output are 1..n. */
    static long[] expectedCounts(long count) {
        long[] counts = new long[KEYS];
        for (long v = 0; v < count; v++) {
            counts[(int) (v % KEYS)]++;
        }
        return counts;
    }

    /** The key of a number. */
    static final class ByKey implements KeySelector<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(Long value) {
            return value % KEYS;
        }
    }

    /** Counts per key in keyed state; emits {@code key:count:value}. */
    static final class CountPerKey extends KeyedProcessFunction<Long, Long, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect((value % KEYS) + ":" + next + ":" + value);
        }
    }

    /**
     * Passes numbers on; in the first attempt, while the control folder has a {@code slow} file, its snapshot leaves a
     * marker and then takes {@link #SLOW_SNAPSHOT} (odd but legal user code: a snapshot that blocks).
     */
    static final class SlowSnapshotMap extends RichMapFunction<Long, Long> implements CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        private final String control;

        SlowSnapshotMap(String control) {
            this.control = control;
        }

        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            Path dir = Path.of(control);
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0 && Files.exists(dir.resolve("slow"))) {
                int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
                Files.writeString(dir.resolve("snapshot-" + context.getCheckpointId() + "-" + subtask), "");
                Thread.sleep(SLOW_SNAPSHOT.toMillis());
            }
        }
    }

    /** The part of a subtask's range still to emit. */
    record Range(long next, long end) implements Serializable {
    }

    /** {@code [0, count)}, one contiguous range per subtask, paced, holding at half until released. */
    static final class PacedNumbers implements Source<Long, Range> {
        private static final long serialVersionUID = 1L;
        private final long count;
        private final int perSecond;
        private final String control;

        PacedNumbers(long count, int perSecond, String control) {
            this.count = count;
            this.perSecond = perSecond;
            this.control = control;
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public List<Range> initialSplits(int subtaskIndex, int parallelism) {
            return List.of(new Range(count * subtaskIndex / parallelism, count * (subtaskIndex + 1) / parallelism));
        }

        @Override
        public SourceReader<Long, Range> createReader(SourceReaderContext context) {
            int parallelism = context.parallelism();
            return new PacedReader(Math.max(1.0, perSecond / (double) parallelism), Path.of(control),
                    count * context.subtaskIndex() / parallelism
                            + (count / parallelism) / 2);
        }
    }

    /** Emits its range at a fixed rate from its (re)start; holds at {@code hold} until {@code release} exists. */
    private static final class PacedReader implements SourceReader<Long, Range> {
        private final double perSecond;
        private final Path control;
        private final long hold;
        private final long startedAt = System.nanoTime();
        private final List<Range> splits = new ArrayList<>();
        private long emitted;
        private boolean released;
        private long releaseCheckedAt;

        PacedReader(double perSecond, Path control, long hold) {
            this.perSecond = perSecond;
            this.control = control;
            this.hold = hold;
        }

        @Override
        public void addSplits(List<Range> added) {
            splits.addAll(added);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) throws IOException {
            while (!splits.isEmpty() && splits.get(0).next() >= splits.get(0).end()) {
                splits.remove(0);
            }
            if (splits.isEmpty()) {
                return InputStatus.END_OF_INPUT;
            }
            Range range = splits.get(0);
            long due = (long) ((System.nanoTime() - startedAt) / 1e9 * perSecond) - emitted;
            long stop = Math.min(range.end(), range.next() + Math.min(due, 64));
            if (stop > hold && !released()) {
                stop = Math.max(range.next(), hold);
            }
            if (stop <= range.next()) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            for (long v = range.next(); v < stop; v++) {
                output.collect(v);
            }
            emitted += stop - range.next();
            splits.set(0, new Range(stop, range.end()));
            return InputStatus.MORE_AVAILABLE;
        }

        private boolean released() {
            long now = System.nanoTime();
            if (!released && now - releaseCheckedAt > 50_000_000L) {
                releaseCheckedAt = now;
                released = Files.exists(control.resolve("release"));
            }
            return released;
        }

        @Override
        public List<Range> snapshotState(long checkpointId) {
            return List.copyOf(splits);
        }
    }
}
