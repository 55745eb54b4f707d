package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.api.DataStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.flinkstream.checkpoint.RescalingTest.KEYS;
import static io.flinkstream.checkpoint.RescalingTest.RECORDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a restore checks, run as a user would: state is found by operator id (uid, or derived from the graph), an
 * inserted operator starts empty, a removed one or a changed max parallelism is refused at start with an error
 * naming it (no restart loop), and allowNonRestoredState drops the state of a removed operator. Also: keyed state
 * registered lazily survives a checkpoint taken before it was asked for, through a second failure.
 */
class RestoreCompatibilityTest extends EmbeddedNodeTestBase {
    private static final Duration FAIL_FAST = Duration.ofSeconds(30);

    @TempDir
    Path checkpoints;

    /** The shapes of job the tests restore one from another. */
    private enum Shape { COUNTER_THEN_COUNT, COUNT_ONLY, INSERTED_THEN_COUNTER_THEN_COUNT }

    @Test
    void when_an_operator_is_inserted_and_operators_have_uids_then_each_state_goes_to_its_operator_by_id()
            throws Exception {
        // Given a run that died halfway
        String test = UUID.randomUUID().toString();
        CollectSink<long[]> first = newSink();
        String dir = dieHalfway(Shape.COUNTER_THEN_COUNT, true, test, first);

        // When a job with a stateful operator inserted before the counter (same state names) restores it
        String inserted = UUID.randomUUID().toString();
        CollectSink<long[]> second = newSink();
        StreamExecutionEnvironment env = job(Shape.INSERTED_THEN_COUNTER_THEN_COUNT, true, 2,
                HaltingRangeSource.readAll(RECORDS, 3), test, inserted, second);
        env.restoreFromCheckpoint(dir);
        env.execute("inserted operator");

        // Then the counter and the keyed count got their own state, and the inserted operator started empty
        assertExactCounts(first, second);
        assertEquals(RECORDS, sum(test), "the counter restored its count and counted the rest");
        assertTrue(sum(inserted) < RECORDS, "the inserted operator counted only the second run's records");
        assertEquals(0, RescalingTest.restoredSum(inserted), "the inserted operator was given no state");
    }

    @Test
    void when_an_operator_is_inserted_without_uids_then_the_moved_ids_make_the_restore_refuse_instead_of_misplacing()
            throws Exception {
        // Given
        String dir = dieHalfway(Shape.COUNTER_THEN_COUNT, false, UUID.randomUUID().toString(), newSink());

        // When
        StreamExecutionEnvironment env = job(Shape.INSERTED_THEN_COUNTER_THEN_COUNT, false, 2,
                HaltingRangeSource.readAll(RECORDS, 3), "x", "y", newSink());
        env.restoreFromCheckpoint(dir);
        JobExecutionException e = failure(env);

        // Then
        assertMentions(e, "'counter'", "'count'", "does not have", "setAllowNonRestoredState(true)");
    }

    @Test
    void when_a_stateful_operator_was_removed_then_the_restore_is_refused_and_allowNonRestoredState_drops_its_state()
            throws Exception {
        // Given
        CollectSink<long[]> first = newSink();
        String dir = dieHalfway(Shape.COUNTER_THEN_COUNT, true, UUID.randomUUID().toString(), first);

        // When the counter is gone
        StreamExecutionEnvironment refused = job(Shape.COUNT_ONLY, true, 2, HaltingRangeSource.readAll(RECORDS, 3),
                "x", "y", newSink());
        refused.restoreFromCheckpoint(dir);
        JobExecutionException e = failure(refused);

        // Then it is refused, naming the operator and the switch
        assertMentions(e, "'counter'", "does not have", "setAllowNonRestoredState(true)",
                "flinkstream.allow-non-restored-state");

        // And when non-restored state is allowed, the job runs and the keyed counts are exact
        CollectSink<long[]> second = newSink();
        StreamExecutionEnvironment allowed = job(Shape.COUNT_ONLY, true, 2, HaltingRangeSource.readAll(RECORDS, 3),
                "x", "y", second);
        allowed.restoreFromCheckpoint(dir).setAllowNonRestoredState(true);
        allowed.execute("counter removed");
        assertExactCounts(first, second);
    }

    @Test
    void when_the_max_parallelism_changed_then_the_restore_is_refused_at_once_naming_the_operator_and_both_values()
            throws Exception {
        // Given
        String dir = dieHalfway(Shape.COUNTER_THEN_COUNT, true, UUID.randomUUID().toString(), newSink());

        // When the same job, with restarts allowed, has max parallelism 256
        StreamExecutionEnvironment env = job(Shape.COUNTER_THEN_COUNT, true, 2,
                HaltingRangeSource.readAll(RECORDS, 3), "x", "y", newSink());
        env.setMaxParallelism(256);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(1000, Duration.ofMillis(10)));
        env.restoreFromCheckpoint(dir);
        JobExecutionException e = failure(env);

        // Then it failed at start (no restart loop), naming the operator and both values
        assertMentions(e, "'count'", "max parallelism 128", "256", "setMaxParallelism(128)");
    }

    @Test
    void when_lazily_registered_keyed_state_is_checkpointed_before_it_is_asked_for_then_a_second_failure_loses_nothing()
            throws Exception {
        // Given a run that died halfway, its keyed function registering its state on first use
        CollectSink<long[]> first = newSink();
        JobClient died = lazyJob(HaltingRangeSource.dyingAt(RECORDS, 3, 0.5), first).executeAsync("first");
        assertThrows(Exception.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));

        // When a new job restores it, takes a checkpoint before any record reaches the keyed function, fails, and
        // restarts from that checkpoint
        CollectSink<long[]> second = newSink();
        StreamExecutionEnvironment env = lazyJob(HaltingRangeSource.dyingOnceAt(RECORDS, 3, 0.0), second);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ofMillis(10)));
        env.restoreFromCheckpoint(checkpoints.resolve(died.getJobID()).toString());
        env.execute("second");

        // Then the state restored but never asked for was carried through that checkpoint: counts are exact
        assertExactCounts(first, second);
    }

    private StreamExecutionEnvironment lazyJob(HaltingRangeSource source, CollectSink<long[]> sink) {
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSource(source, "numbers", Types.LONG)
                .keyBy(v -> v % KEYS)
                .process(new LazyCount())
                .addSink(sink);
        return env;
    }

    /** Registers its state on the first record, as Flink allows. */
    static final class LazyCount extends KeyedProcessFunction<Long, Long, long[]> {
        private transient ValueState<Long> count;

        @Override
        public void processElement(Long value, Context ctx, Collector<long[]> out) throws Exception {
            if (count == null) {
                count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
            }
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(new long[] {ctx.getCurrentKey(), next});
        }
    }

    /** Runs {@code shape} until it dies halfway with a retained checkpoint; returns its checkpoint directory. */
    private String dieHalfway(Shape shape, boolean uids, String test, CollectSink<long[]> sink) {
        JobClient died = job(shape, uids, 2, HaltingRangeSource.dyingAt(RECORDS, 3, 0.5), test, "unused", sink,
                false).executeAsync("first run");
        assertThrows(Exception.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        return checkpoints.resolve(died.getJobID()).toString();
    }

    private StreamExecutionEnvironment job(Shape shape, boolean uids, int parallelism, HaltingRangeSource source,
                                           String test, String inserted, CollectSink<long[]> sink) {
        return job(shape, uids, parallelism, source, test, inserted, sink, true);
    }

    /** @param report whether the counting maps report what they counted and were given (the restored run) */
    private StreamExecutionEnvironment job(Shape shape, boolean uids, int parallelism, HaltingRangeSource source,
                                           String test, String inserted, CollectSink<long[]> sink, boolean report) {
        StreamExecutionEnvironment env = env(parallelism);
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.noRestart());
        DataStream<Long> numbers = env.fromSource(source, "numbers", Types.LONG);
        if (uids) {
            numbers = numbers.uid("numbers");
        }
        if (shape == Shape.INSERTED_THEN_COUNTER_THEN_COUNT) {
            numbers = numbers.map(new RescalingTest.CountingMap(inserted, report)).name("inserted");
            if (uids) {
                numbers = numbers.uid("inserted");
            }
        }
        if (shape != Shape.COUNT_ONLY) {
            numbers = numbers.map(new RescalingTest.CountingMap(test, report)).name("counter");
            if (uids) {
                numbers = numbers.uid("counter");
            }
        }
        DataStream<long[]> counts = numbers.keyBy(v -> v % KEYS)
                .process(new RestoreFromRetainedCheckpointTest.Count()).name("count");
        if (uids) {
            counts = counts.uid("count");
        }
        counts.addSink(sink);
        return env;
    }

    private static JobExecutionException failure(StreamExecutionEnvironment env) {
        return assertThrows(JobExecutionException.class, () -> {
            try {
                env.executeAsync("refused").getJobExecutionResult().get(FAIL_FAST.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause();
            }
        });
    }

    private static long sum(String test) {
        return RescalingTest.finalSum(test);
    }

    private static void assertExactCounts(CollectSink<long[]> first, CollectSink<long[]> second) {
        Map<Long, Long> counts = new HashMap<>();
        List<long[]> all = new ArrayList<>(first.results());
        all.addAll(second.results());
        all.forEach(kc -> counts.merge(kc[0], kc[1], Math::max));
        assertEquals(KEYS, counts.size());
        counts.forEach((key, count) -> assertEquals(RECORDS / KEYS, count, "count of key " + key));
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }
}
