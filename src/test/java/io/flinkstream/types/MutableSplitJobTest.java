package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A user source whose reader keeps one mutable split object, hands it out from {@code snapshotState} and goes on
 * advancing it: the checkpoint must hold the position at the barrier, so that after a restore every record is
 * counted exactly once.
 */
class MutableSplitJobTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 2_000_000;
    private static final int KEYS = 100;

    private final String failureSwitch = FailureSwitch.create();

    @AfterEach
    void forgetSwitch() {
        FailureSwitch.forget(failureSwitch);
    }

    /** A split as some connectors write them: Serializable in name, with a position that moves. */
    static final class CursorSplit implements Serializable {
        long next;
        final long hold;
        final long end;

        CursorSplit(long next, long hold, long end) {
            this.next = next;
            this.hold = hold;
            this.end = end;
        }
    }

    /**
     * {@code [0, count)}, one cursor per subtask. The readers emit without pause, so checkpoints are taken while
     * cursors move (a reader idle at the barrier would hide a late copy of its split); they only hold at 90% of
     * their range, until the failure switch is armed, so that the failure always comes before the end.
     */
    static final class CursorSource implements Source<Long, CursorSplit> {
        private final long count;
        private final String failureSwitch;

        CursorSource(long count, String failureSwitch) {
            this.count = count;
            this.failureSwitch = failureSwitch;
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public List<CursorSplit> initialSplits(int subtaskIndex, int parallelism) {
            long from = count * subtaskIndex / parallelism;
            long to = count * (subtaskIndex + 1) / parallelism;
            return List.of(new CursorSplit(from, from + (to - from) * 9 / 10, to));
        }

        @Override
        public SourceReader<Long, CursorSplit> createReader(SourceReaderContext context) {
            return new CursorReader(failureSwitch);
        }
    }

    /** Keeps the one split it was given and moves its cursor; returns that same object from snapshotState. */
    static final class CursorReader implements SourceReader<Long, CursorSplit> {
        private final String failureSwitch;
        private final List<CursorSplit> splits = new ArrayList<>();

        CursorReader(String failureSwitch) {
            this.failureSwitch = failureSwitch;
        }

        @Override
        public void addSplits(List<CursorSplit> added) {
            splits.addAll(added);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            CursorSplit split = splits.stream().filter(s -> s.next < s.end).findFirst().orElse(null);
            if (split == null) {
                return InputStatus.END_OF_INPUT;
            }
            long limit = FailureSwitch.armed(failureSwitch) ? split.end : split.hold;
            if (split.next >= limit) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            for (int i = 0; i < 64 && split.next < limit; i++) {
                output.collect(split.next++);
            }
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<CursorSplit> snapshotState(long checkpointId) {
            return splits;
        }
    }

    static final class Count extends KeyedProcessFunction<Long, Long, long[]> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<long[]> out) throws Exception {
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(new long[] {ctx.getCurrentKey(), next});
        }
    }

    @Test
    void given_a_reader_that_advances_the_split_it_snapshotted_when_the_job_restores_then_every_record_counts_once()
            throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(20);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        CollectSink<long[]> sink = newSink();
        env.fromSource(new CursorSource(RECORDS, failureSwitch), "cursor source")
                .map(new FailAfterCheckpointMap(failureSwitch)).name("fail after checkpoint")
                .keyBy(v -> v % KEYS)
                .process(new Count()).name("count")
                .addSink(sink);

        // When it fails once after a checkpoint and restores
        JobExecutionResult result = env.execute("mutable split");

        // Then no record was lost or counted twice
        assertEquals(1, result.metrics().restarts(), "restarts");
        Map<Long, Long> finalCounts = new TreeMap<>();
        sink.results().forEach(kc -> finalCounts.merge(kc[0], kc[1], Math::max));
        assertEquals(KEYS, finalCounts.size(), "keys");
        finalCounts.forEach((key, count) -> assertEquals(RECORDS / KEYS, count, "count of key " + key));
    }
}
