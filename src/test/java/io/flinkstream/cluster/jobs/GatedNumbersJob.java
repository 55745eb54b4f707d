package io.flinkstream.cluster.jobs;

import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;
import io.flinkstream.connectors.ExactlyOnceFileSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A job class as users submit them: {@code main(output, checkpoints, count, gate, parallelism)} writes the numbers
 * {@code [0, count)} exactly once into {@code output}, checkpointing every 50 ms into {@code checkpoints}. Its source
 * stops after half of its numbers until the test opens {@code gate} ({@link #open}), so a test can act while the job
 * is known to be running; a gate named "open" never closes. Everything it builds comes from its arguments, so every
 * node rebuilds the same graph.
 */
public final class GatedNumbersJob {
    private static final Set<String> OPEN = ConcurrentHashMap.newKeySet();

    private GatedNumbersJob() {
    }

    /** Lets the sources of the jobs started with gate {@code gate} read on to their end. */
    static void open(String gate) {
        OPEN.add(gate);
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(Integer.parseInt(args[4]));
        env.enableCheckpointing(50);
        env.setStateBackend(new FsStateBackend(args[1]));
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, java.time.Duration.ofMillis(100)));
        env.fromSource(new GatedNumbers(Long.parseLong(args[2]), args[3]), "numbers")
                .map(new Identity())
                .addSink(new ExactlyOnceFileSink<>(args[0]));
        env.execute("gated numbers");
    }

    /** The map of the job; a named class, so its frozen bytes are the same on every node. */
    static final class Identity implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    /** The part of a subtask's range still to read. */
    record Range(long next, long end) implements java.io.Serializable {
    }

    /** {@code [0, count)} in one range per subtask, halting halfway until the gate opens. */
    static final class GatedNumbers implements Source<Long, Range> {
        private static final long serialVersionUID = 1L;
        private final long count;
        private final String gate;

        GatedNumbers(long count, String gate) {
            this.count = count;
            this.gate = gate;
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
            return new Reader(gate, count / 2);
        }
    }

    private static final class Reader implements SourceReader<Long, Range> {
        private final String gate;
        private final long halt;
        private final List<Range> splits = new ArrayList<>();

        Reader(String gate, long halt) {
            this.gate = gate;
            this.halt = halt;
        }

        @Override
        public void addSplits(List<Range> added) {
            splits.addAll(added);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            while (!splits.isEmpty() && splits.get(0).next() >= splits.get(0).end()) {
                splits.remove(0);
            }
            if (splits.isEmpty()) {
                return InputStatus.END_OF_INPUT;
            }
            Range range = splits.get(0);
            boolean open = gate.equals("open") || OPEN.contains(gate);
            long stop = Math.min(range.end(), range.next() + 16);
            if (!open) {
                stop = Math.min(stop, Math.max(range.next(), halt));
                if (stop == range.next()) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
            }
            for (long v = range.next(); v < stop; v++) {
                output.collect(v);
            }
            splits.set(0, new Range(stop, range.end()));
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Range> snapshotState(long checkpointId) {
            return List.copyOf(splits);
        }
    }
}
