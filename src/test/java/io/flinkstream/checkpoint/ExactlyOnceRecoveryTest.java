package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures injected into a running keyed-count job: the job restarts from its latest completed checkpoint, the
 * sources rewind to the positions stored there, and the keyed counts end exactly as in a failure-free run.
 */
class ExactlyOnceRecoveryTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 3_000_000;
    private static final int KEYS = 1000;

    @TempDir
    Path checkpoints;

    @Test
    void given_failures_in_a_map_and_a_keyed_function_when_the_job_restarts_then_every_count_is_exact()
            throws Exception {
        // Given a keyed count that fails in attempt 0 (in a map) and in attempt 1 (in the keyed function)
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(5, Duration.ZERO));
        CollectSink<long[]> sink = newSink();
        env.fromSequence(0, RECORDS - 1)
                .map(new FailInAttempt(0, 2_000_000)).name("failing map")
                .keyBy(v -> v % KEYS)
                .process(new CountFailingInAttempt(1, RECORDS / KEYS / 2 + 7)).name("count")
                .addSink(sink);

        // When it runs to the end
        env.execute("exactly-once recovery");

        // Then each key's final count is exact: nothing lost, nothing counted twice
        assertExactCounts(sink.results());
    }

    @Test
    void given_an_fs_backend_when_a_failure_is_injected_then_the_restored_counts_are_exact() throws Exception {
        // Given checkpoints in files
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(2, Duration.ZERO));
        CollectSink<long[]> sink = newSink();
        env.fromSequence(0, RECORDS - 1)
                .map(new FailInAttempt(0, 2_500_000))
                .keyBy(v -> v % KEYS)
                .process(new CountFailingInAttempt(-1, 0))
                .addSink(sink);

        // When
        env.execute("fs recovery");

        // Then
        assertExactCounts(sink.results());
    }

    @Test
    void given_checkpointing_and_no_restart_strategy_when_a_task_fails_then_the_job_restarts_by_default()
            throws Exception {
        // Given no strategy set: with checkpointing on, the default restarts
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        CollectSink<long[]> sink = newSink();
        env.fromSequence(0, RECORDS - 1)
                .map(new FailInAttempt(0, 1_000_000))
                .keyBy(v -> v % KEYS)
                .process(new CountFailingInAttempt(-1, 0))
                .addSink(sink);

        // When / Then: it finishes with exact counts
        env.execute("default restart");
        assertExactCounts(sink.results());
    }

    @Test
    void when_restarts_are_exhausted_then_the_job_fails_with_the_original_cause() {
        // Given one restart allowed and a function that fails in every attempt
        StreamExecutionEnvironment env = env(1);
        env.enableCheckpointing(10);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(1, Duration.ZERO));
        env.fromSequence(0, RECORDS - 1)
                .map(new FailInAttempt(-1, 1000)).name("always failing")
                .addSink(new CollectSink<>());

        // When
        JobExecutionException failure = assertThrows(JobExecutionException.class,
                () -> env.execute("exhausted restarts"));

        // Then the cause is the user's exception, and the message names the operator
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("injected failure"), failure.getCause().getMessage());
        assertTrue(failure.getMessage().contains("always failing"), failure.getMessage());
    }

    private static void assertExactCounts(List<long[]> emitted) {
        Map<Long, Long> finalCounts = new HashMap<>();
        for (long[] keyAndCount : emitted) {
            finalCounts.merge(keyAndCount[0], keyAndCount[1], Math::max);
        }
        assertEquals(KEYS, finalCounts.size());
        for (Map.Entry<Long, Long> e : finalCounts.entrySet()) {
            assertEquals(RECORDS / KEYS, e.getValue(), "count of key " + e.getKey());
        }
    }

    /** Throws at value {@code failAt} in attempt {@code attempt} (every attempt when negative). */
    static final class FailInAttempt extends RichMapFunction<Long, Long> {
        private final int attempt;
        private final long failAt;

        FailInAttempt(int attempt, long failAt) {
            this.attempt = attempt;
            this.failAt = failAt;
        }

        @Override
        public Long map(Long value) {
            int current = getRuntimeContext().getTaskInfo().getAttemptNumber();
            if (value == failAt && (attempt < 0 || current == attempt)) {
                throw new IllegalStateException("injected failure at " + value + " in attempt " + current);
            }
            return value;
        }
    }

    /** Counts per key; throws in attempt {@code attempt} when a count reaches {@code failAtCount}. */
    static final class CountFailingInAttempt extends KeyedProcessFunction<Long, Long, long[]> {
        private final int attempt;
        private final long failAtCount;
        private transient ValueState<Long> count;

        CountFailingInAttempt(int attempt, long failAtCount) {
            this.attempt = attempt;
            this.failAtCount = failAtCount;
        }

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<long[]> out) throws Exception {
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            if (next == failAtCount && getRuntimeContext().getTaskInfo().getAttemptNumber() == attempt) {
                throw new IllegalStateException("injected failure in the keyed function");
            }
            count.update(next);
            out.collect(new long[] {ctx.getCurrentKey(), next});
        }
    }
}
