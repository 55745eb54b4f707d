package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointingMode;
import io.flinkstream.api.Collector;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.MemoryStateBackend;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.RichSinkFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.DataStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fault injection into a keyed count job: exceptions at random record positions in the operator right after
 * the source, in the keyed function and in the sink, in successive attempts; and a snapshot store whose writes fail.
 * In exactly-once mode every key's final count equals the failure-free one, record for record; in at-least-once mode
 * nothing is lost.
 */
class FaultInjectionTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 200_000;
    private static final int KEYS = 500;
    private static final int PARALLELISM = 2;
    private static final long HANG_GUARD_SECONDS = 60;
    /** Failure positions count the records one subtask processed in the failing attempt, from here... */
    private static final int FIRST_POSITION = 2_000;
    /** ...within this span: three failures stay well inside the ~RECORDS / PARALLELISM records of a subtask. */
    private static final int POSITION_SPAN = 15_000;

    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void forgetObservations() {
        cleanups.forEach(Runnable::run);
    }

    /** Where a failure is injected. */
    enum Placement { SOURCE_SIDE, KEYED_FUNCTION, SINK }

    static Stream<Arguments> seedsAndPlacements() {
        return LongStream.rangeClosed(1, 3).boxed()
                .flatMap(seed -> Arrays.stream(Placement.values()).map(p -> Arguments.of(seed, p)));
    }

    @ParameterizedTest(name = "seed {0}, failures in the {1}")
    @MethodSource("seedsAndPlacements")
    void given_seeded_failures_in_one_place_when_exactly_once_then_every_count_is_exact(long seed,
                                                                                       Placement placement)
            throws Exception {
        // Given 2-3 failures at seeded record positions, one per attempt, all in one place
        FailurePlan plan = FailurePlan.allIn(placement, new Random(seed));

        // When the job runs to the end through its restarts
        Outcome outcome = runKeyedCount(plan, CheckpointingMode.EXACTLY_ONCE);

        // Then every failure happened (one restart each), and every count is exact
        assertEveryFailureHappened(plan, outcome);
        assertExactCounts(outcome.finalCounts(), plan);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void given_seeded_failures_spread_over_places_when_exactly_once_then_every_count_is_exact(long seed)
            throws Exception {
        // Given 2-3 failures, attempt k failing in a seeded place at a seeded position
        FailurePlan plan = FailurePlan.spread(new Random(seed));

        // When
        Outcome outcome = runKeyedCount(plan, CheckpointingMode.EXACTLY_ONCE);

        // Then
        assertEveryFailureHappened(plan, outcome);
        assertExactCounts(outcome.finalCounts(), plan);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void given_seeded_failures_spread_over_places_when_at_least_once_then_no_record_is_lost(long seed)
            throws Exception {
        // Given the same failures without barrier alignment
        FailurePlan plan = FailurePlan.spread(new Random(seed));

        // When
        Outcome outcome = runKeyedCount(plan, CheckpointingMode.AT_LEAST_ONCE);

        // Then every key counted at least its records (duplicates are allowed, so no equality is asserted)
        assertEveryFailureHappened(plan, outcome);
        assertEquals(KEYS, outcome.finalCounts().size(), "keys emitted");
        for (Map.Entry<Long, Long> e : outcome.finalCounts().entrySet()) {
            assertTrue(e.getValue() >= RECORDS / KEYS, "key " + e.getKey() + " counted " + e.getValue() + " < "
                    + RECORDS / KEYS + "; " + plan);
        }
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 3);
    }

    @Test
    void given_failing_snapshot_writes_within_the_tolerable_number_when_the_job_runs_then_it_finishes_exactly_without_restart()
            throws Exception {
        // Given state writes of checkpoints 2..4 fail, three failures in a row are tolerated, and the source does
        // not end before a later checkpoint completed
        FaultyStateBackend backend = FaultyStateBackend.failingWrites(new MemoryStateBackend(), 2, 4);
        cleanups.add(backend::forget);
        FaultyStateBackend.Faults faults = backend.faults();
        GatedSequenceSource source = new GatedSequenceSource(RECORDS,
                () -> faults.completedIds().stream().anyMatch(id -> id > 4));
        cleanups.add(source::forget);
        String log = AttemptLog.newLog();
        cleanups.add(() -> AttemptLog.forget(log));

        StreamExecutionEnvironment env = env(PARALLELISM);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(3);
        env.setStateBackend(backend);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(5, Duration.ZERO));

        // When it runs to the end
        Map<Long, Long> counts = runCountOver(env.fromSource(source, "gated sequence"), log, "tolerated failures");

        // Then the three checkpoints failed, the job never restarted, and the counts are exact
        assertEquals(Set.of(2L, 3L, 4L), faults.failedWrites());
        assertEquals(Set.of(0), AttemptLog.attempts(log));
        assertExactCounts(counts, null);
    }

    @Test
    void given_no_tolerable_checkpoint_failure_when_a_snapshot_write_fails_then_the_job_fails_over_and_ends_exactly()
            throws Exception {
        // Given state writes of checkpoints 2..4 fail and no failure is tolerated; the source does not end before
        // the job restarted
        FaultyStateBackend backend = FaultyStateBackend.failingWrites(new MemoryStateBackend(), 2, 4);
        cleanups.add(backend::forget);
        String log = AttemptLog.newLog();
        cleanups.add(() -> AttemptLog.forget(log));
        GatedSequenceSource source = new GatedSequenceSource(RECORDS, () -> AttemptLog.maxAttempt(log) > 0);
        cleanups.add(source::forget);

        StreamExecutionEnvironment env = env(PARALLELISM);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(0);
        env.setStateBackend(backend);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(10, Duration.ZERO));

        // When
        Map<Long, Long> counts = runCountOver(env.fromSource(source, "gated sequence"), log, "intolerable failure");

        // Then checkpoint 2 failed, the job restarted, and the counts are still exact
        assertTrue(backend.faults().failedWrites().contains(2L), "failed: " + backend.faults().failedWrites());
        assertTrue(AttemptLog.maxAttempt(log) > 0, "attempts seen: " + AttemptLog.attempts(log));
        assertExactCounts(counts, null);
    }

    // ---------------------------------------------------------------------------------------------------------

    private record Outcome(Map<Long, Long> finalCounts, Set<Integer> attempts) {
        int maxAttempt() {
            return attempts.stream().mapToInt(Integer::intValue).max().orElse(-1);
        }
    }

    private Outcome runKeyedCount(FailurePlan plan, CheckpointingMode mode) throws Exception {
        String log = AttemptLog.newLog();
        cleanups.add(() -> AttemptLog.forget(log));
        StreamExecutionEnvironment env = env(PARALLELISM);
        env.enableCheckpointing(10, mode);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(5, Duration.ZERO));
        DataStream<Long> source = env.fromSequence(0, RECORDS - 1)
                .map(new FailingMap(plan.positions(Placement.SOURCE_SIDE), log)).name("source-side map");
        Map<Long, Long> counts = runCountOver(source, log, plan.keyed(), plan.sink(), "seeded failures " + plan);
        return new Outcome(counts, AttemptLog.attempts(log));
    }

    private Map<Long, Long> runCountOver(DataStream<Long> input, String log, String jobName) throws Exception {
        return runCountOver(input, log, new long[0], new long[0], jobName);
    }

    /** keyBy v % KEYS, count in ValueState, emit (key, count), keep the highest count per key in the sink. */
    private Map<Long, Long> runCountOver(DataStream<Long> input, String log, long[] keyedFailures,
                                         long[] sinkFailures, String jobName) throws Exception {
        MaxPerKeySink sink = new MaxPerKeySink(sinkFailures, log);
        cleanups.add(sink::forget);
        input.keyBy(v -> v % KEYS)
                .process(new FailingCount(keyedFailures, log)).name("count")
                .addSink(sink).name("max per key");
        JobClient job = input.getExecutionEnvironment().executeAsync(jobName);
        try {
            job.getJobExecutionResult().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        } finally {
            if (!job.getJobExecutionResult().isDone()) {
                job.cancel();
            }
        }
        return sink.maxima();
    }

    /**
     * Each planned failure restarts the job once, so the last attempt is at least the number of failures. Not
     * equality: a bounded job can fail over once more at its very end (see
     * {@code SourceEndRaceTest}: a barrier sent after a finishing source's end of partition).
     */
    private static void assertEveryFailureHappened(FailurePlan plan, Outcome outcome) {
        assertTrue(outcome.maxAttempt() >= plan.failures(), "attempts seen: " + outcome.attempts() + ", " + plan);
    }

    private static void assertExactCounts(Map<Long, Long> finalCounts, FailurePlan plan) {
        assertEquals(KEYS, finalCounts.size(), "keys emitted");
        for (Map.Entry<Long, Long> e : finalCounts.entrySet()) {
            assertEquals(RECORDS / KEYS, e.getValue(), "count of key " + e.getKey() + (plan == null ? "" : "; " + plan));
        }
    }

    /**
     * Per place, the record position (1-based, counted per subtask within the attempt) at which attempt {@code k}
     * fails, 0 for none.
     */
    record FailurePlan(int failures, Map<Placement, long[]> positionsByPlace) implements Serializable {

        /** 2 or 3 failures in attempts 0, 1(, 2), all in {@code placement}. */
        static FailurePlan allIn(Placement placement, Random random) {
            int failures = 2 + random.nextInt(2);
            Map<Placement, long[]> positions = new HashMap<>();
            for (Placement p : Placement.values()) {
                positions.put(p, new long[failures]);
            }
            for (int attempt = 0; attempt < failures; attempt++) {
                positions.get(placement)[attempt] = FIRST_POSITION + random.nextInt(POSITION_SPAN);
            }
            return new FailurePlan(failures, positions);
        }

        /** 2 or 3 failures in attempts 0, 1(, 2), each in a random place. */
        static FailurePlan spread(Random random) {
            int failures = 2 + random.nextInt(2);
            Map<Placement, long[]> positions = new HashMap<>();
            for (Placement p : Placement.values()) {
                positions.put(p, new long[failures]);
            }
            for (int attempt = 0; attempt < failures; attempt++) {
                Placement place = Placement.values()[random.nextInt(Placement.values().length)];
                positions.get(place)[attempt] = FIRST_POSITION + random.nextInt(POSITION_SPAN);
            }
            return new FailurePlan(failures, positions);
        }

        long[] positions(Placement placement) {
            return positionsByPlace.get(placement).clone();
        }

        long[] keyed() {
            return positions(Placement.KEYED_FUNCTION);
        }

        long[] sink() {
            return positions(Placement.SINK);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(failures + " failures:");
            for (Placement p : Placement.values()) {
                s.append(' ').append(p).append('=').append(Arrays.toString(positionsByPlace.get(p)));
            }
            return s.toString();
        }
    }

    /** Whether the {@code seen}-th record of a subtask in {@code attempt} is where {@code positions} fail. */
    private static boolean failsAt(long[] positions, int attempt, long seen) {
        return attempt < positions.length && positions[attempt] > 0 && positions[attempt] == seen;
    }

    /** An identity map, chained to the source, that throws at planned record positions. */
    static final class FailingMap extends RichMapFunction<Long, Long> {
        private final long[] positions;
        private final String log;
        private transient int attempt;
        private transient long seen;

        FailingMap(long[] positions, String log) {
            this.positions = positions;
            this.log = log;
        }

        @Override
        public void open(OpenContext ctx) {
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            AttemptLog.record(log, attempt);
        }

        @Override
        public Long map(Long value) {
            if (failsAt(positions, attempt, ++seen)) {
                throw new IllegalStateException("injected failure after the source at record " + seen
                        + " of attempt " + attempt);
            }
            return value;
        }
    }

    /** Counts per key in ValueState and emits (key, count); throws at planned record positions. */
    static final class FailingCount extends KeyedProcessFunction<Long, Long, long[]> {
        private final long[] positions;
        private final String log;
        private transient ValueState<Long> count;
        private transient int attempt;
        private transient long seen;

        FailingCount(long[] positions, String log) {
            this.positions = positions;
            this.log = log;
        }

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            AttemptLog.record(log, attempt);
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<long[]> out) throws Exception {
            if (failsAt(positions, attempt, ++seen)) {
                throw new IllegalStateException("injected failure in the keyed function at record " + seen
                        + " of attempt " + attempt);
            }
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(new long[] {ctx.getCurrentKey(), next});
        }
    }

    /** Keeps the highest count seen per key (so replays after a restart do no harm); throws at planned records. */
    static final class MaxPerKeySink extends RichSinkFunction<long[]> {
        private static final Map<String, Map<Long, Long>> MAXIMA = new ConcurrentHashMap<>();

        private final String id = UUID.randomUUID().toString();
        private final long[] positions;
        private final String log;
        private transient int attempt;
        private transient long seen;

        MaxPerKeySink(long[] positions, String log) {
            this.positions = positions;
            this.log = log;
            MAXIMA.put(id, new ConcurrentHashMap<>());
        }

        @Override
        public void open(OpenContext ctx) {
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            AttemptLog.record(log, attempt);
        }

        @Override
        public void invoke(long[] keyAndCount, Context context) {
            if (failsAt(positions, attempt, ++seen)) {
                throw new IllegalStateException("injected failure in the sink at record " + seen + " of attempt "
                        + attempt);
            }
            MAXIMA.get(id).merge(keyAndCount[0], keyAndCount[1], Math::max);
        }

        Map<Long, Long> maxima() {
            return Map.copyOf(MAXIMA.get(id));
        }

        void forget() {
            MAXIMA.remove(id);
        }
    }
}
