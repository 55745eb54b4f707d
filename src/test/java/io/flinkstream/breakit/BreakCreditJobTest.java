package io.flinkstream.breakit;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.CheckpointingMode;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionResult;
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
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.connectors.ExactlyOnceFileSink;
import io.flinkstream.connectors.TestSinks;
import io.flinkstream.connectors.SequenceSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks credit returned in bulk (half a channel's window at a time, all of it before a receiver idles) and byte-
 * bounded serialized batches in one JVM (the serialize-local-batches mode): tiny windows and a slow consumer, barrier
 * alignment with a paced and a fast input under exactly-once checkpoints and a failure, records whose serialized size
 * straddles the 64 KiB ship target by a byte, and a lone record after which its source goes quiet.
 */
class BreakCreditJobTest extends EmbeddedNodeTestBase {
    private static final int KEYS = 7;
    /** Serialized sizes of the padding (a string of n ASCII chars is its length's varint and n bytes). */
    private static final int[] PADS = {0, 1, 65_532, 65_533, 65_534, 3, 200_000, 127, 16_383};

    /**
     * Record {@code v}: its number and padding whose length cycles through {@link #PADS}, so that with the number
     * (about 6 bytes) records land one byte either side of 64 KiB and some are ~200 KB.
     */
    static String padded(long v) {
        int pad = PADS[(int) (v % PADS.length)];
        return v + ":" + Character.toString('a' + (int) (v % 26)).repeat(pad);
    }

    /** Counts per key, emitting {@code key=count}, or {@code CORRUPT v} for a record not as it was made. */
    static final class CheckAndCount extends KeyedProcessFunction<Long, String, String> {
        private final long slowEvery;
        private transient ValueState<Long> count;
        private transient long seen;

        CheckAndCount(long slowEvery) {
            this.slowEvery = slowEvery;
        }

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            if (slowEvery > 0 && ++seen % slowEvery == 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a slow consumer: senders run out of credit
            }
            long v = Long.parseLong(value.substring(0, value.indexOf(':')));
            if (!value.equals(padded(v))) {
                out.collect("CORRUPT " + v);
                return;
            }
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect("k" + ctx.getCurrentKey() + "=" + next);
        }
    }

    static List<String> expectedLines(long records) {
        List<String> lines = new ArrayList<>();
        long[] perKey = new long[KEYS];
        for (long v = 0; v < records; v++) {
            lines.add("k" + (v % KEYS) + "=" + ++perKey[(int) (v % KEYS)]);
        }
        Collections.sort(lines);
        return lines;
    }

    @ParameterizedTest(name = "credits {0}, serialized {1}")
    @CsvSource({"1, true", "2, true", "3, true", "5, true", "1, false", "5, false"})
    void given_a_small_credit_window_and_a_slow_consumer_when_odd_sized_records_cross_then_each_arrives_once(
            int credits, boolean serialized) throws Exception {
        // Given: batches of 3 records, a window of `credits` batches, a consumer pausing every 40 records
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setCreditsPerChannel(credits).setBatchSize(3).setSerializeLocalBatches(serialized);
        env.setRestartStrategy(RestartStrategies.noRestart());
        CollectSink<String> sink = newSink();
        long records = 900;
        env.fromSequence(0, records - 1)
                .map(BreakCreditJobTest::padded).returns(String.class).name("pad")
                .rebalance()
                .map(s -> s).returns(String.class).name("relay").setParallelism(3)
                .keyBy(s -> Long.parseLong(s.substring(0, s.indexOf(':'))) % KEYS)
                .process(new CheckAndCount(40)).name("count")
                .addSink(sink);

        // When
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> env.execute("credits " + credits));

        // Then
        List<String> got = new ArrayList<>(sink.results());
        Collections.sort(got);
        assertEquals(expectedLines(records), got);
    }

    /**
     * Throws once, in the first attempt of subtask 0, at the first record from {@code failAt} on that comes after a
     * checkpoint completed.
     */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<String, String> implements CheckpointListener {
        private final long failAt;
        private transient boolean checkpointed;

        FailOnceAfterCheckpoint(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public String map(String value) {
            long v = Long.parseLong(value.substring(0, value.indexOf(':')));
            if (checkpointed && v >= failAt && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                throw new IllegalStateException("injected failure at " + v);
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void given_a_paced_and_a_fast_input_aligned_under_exactly_once_when_a_subtask_fails_then_the_output_is_exact(
            @TempDir Path out, @TempDir Path checkpoints) throws Exception {
        // Given: a union of a paced source (its channel owes credit while the fast one's barrier blocks the other)
        // and a fast one, a window of 5 (credit goes back two batches at a time), barriers every 10 ms landing in
        // partly filled 64 KiB batches, and one failure after a checkpoint
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setCreditsPerChannel(5).setBatchSize(4).setSerializeLocalBatches(true);
        env.enableCheckpointing(10, CheckpointingMode.EXACTLY_ONCE);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        long slow = 1_500;
        long fast = 3_000;
        var paced = env.fromSource(new SequenceSource(0, slow - 1).withRatePerSecond(2_000), "paced")
                .map(BreakCreditJobTest::padded).returns(String.class).name("pad paced");
        var quick = env.fromSequence(slow, slow + fast - 1)
                .map(BreakCreditJobTest::padded).returns(String.class).name("pad fast");
        paced.union(quick)
                .rebalance()
                .map(new FailOnceAfterCheckpoint(slow / 2)).name("fail once")
                .keyBy(s -> Long.parseLong(s.substring(0, s.indexOf(':'))) % KEYS)
                .process(new CheckAndCount(0)).name("count")
                .addSink(new ExactlyOnceFileSink<>(out.toString()));

        // When
        JobExecutionResult result = assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> env.execute("aligned with a failure"));

        // Then
        assertEquals(expectedLines(slow + fast), TestSinks.committedLines(out));
        assertEquals(1, result.metrics().restarts(), "restarts after the injected failure");
        assertTrue(result.metrics().checkpointCounts().restored() > 0, "the restart restored no checkpoint");
    }


    /** Per test: whether {@link OneThenQuiet} may emit its second record and end. */
    static final Map<String, AtomicBoolean> RELEASED = new ConcurrentHashMap<>();

    /** Emits "first", then nothing (without ending) until released, then "second" and ends. */
    static final class OneThenQuiet implements Source<String, Integer> {
        private final String test;

        OneThenQuiet(String test) {
            this.test = test;
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public List<Integer> initialSplits(int subtaskIndex, int parallelism) {
            return subtaskIndex == 0 ? List.of(0) : List.of();
        }

        @Override
        public SourceReader<String, Integer> createReader(SourceReaderContext context) {
            return new SourceReader<>() {
                private int next = -1;

                @Override
                public void addSplits(List<Integer> splits) {
                    splits.forEach(s -> next = Math.max(next, s));
                }

                @Override
                public InputStatus pollNext(ReaderOutput<String> output) {
                    if (next < 0 || next >= 2) {
                        return InputStatus.END_OF_INPUT;
                    }
                    if (next == 1 && !RELEASED.get(test).get()) {
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    output.collect(next == 0 ? "first" : "second");
                    next++;
                    return next < 2 ? InputStatus.NOTHING_AVAILABLE : InputStatus.END_OF_INPUT;
                }

                @Override
                public List<Integer> snapshotState(long checkpointId) {
                    return next < 0 ? List.of() : List.of(next);
                }
            };
        }
    }

    @ParameterizedTest(name = "credits {0}, serialized {1}")
    @CsvSource({"1, true", "4, true", "5, false"})
    void given_a_source_that_goes_quiet_after_one_record_then_the_record_arrives_without_further_input(
            int credits, boolean serialized) throws Exception {
        // Given: the lone record crosses a rebalance and a keyed edge, with batches far from full
        String test = "quiet-" + credits + "-" + serialized;
        RELEASED.put(test, new AtomicBoolean());
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setCreditsPerChannel(credits).setSerializeLocalBatches(serialized);
        env.setRestartStrategy(RestartStrategies.noRestart());
        CollectSink<String> sink = newSink();
        env.fromSource(new OneThenQuiet(test), "quiet", Types.STRING)
                .rebalance()
                .map(s -> s + "!").returns(String.class).name("relay")
                .keyBy(s -> s)
                .map(s -> s + "?").returns(String.class).name("keyed")
                .addSink(sink);

        // When
        JobClient job = env.executeAsync("one then quiet");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sink.results().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        List<String> beforeRelease = List.copyOf(sink.results());
        RELEASED.get(test).set(true);
        job.getJobExecutionResult().get(30, TimeUnit.SECONDS);

        // Then: the first record arrived while its source still had nothing more; then both, once
        assertEquals(List.of("first!?"), beforeRelease, "the lone record did not arrive within 10 s");
        List<String> all = new ArrayList<>(sink.results());
        Collections.sort(all);
        assertEquals(List.of("first!?", "second!?"), all);
    }
}
