package io.flinkstream.api;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.connectors.DiscardingSink;
import io.flinkstream.connectors.TestSinks.FailingSink;
import io.flinkstream.connectors.TestSources.FailingSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a job can go wrong, and what the user is told: the message must name the operator and say what to
 * change; the cause must be the user's own exception.
 */
class ErrorsTest extends EmbeddedNodeTestBase {
    /** Counts open() calls of {@link CountingOpens}, to show that a rejected job ran nothing. */
    private static final AtomicInteger OPENS = new AtomicInteger();

    @BeforeEach
    void resetOpens() {
        OPENS.set(0);
    }

    @AfterEach
    void noJobIsLeftBehind() {
        assertEquals(0, node().registry().size(), "an ended job must be unregistered from the node");
    }

    private static JobExecutionException jobFails(Executable execute) {
        return assertThrows(JobExecutionException.class, execute);
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    // ---- fakes ----

    /** A map that throws at one record. */
    static final class ThrowAt implements MapFunction<Long, Long> {
        private final long failAt;

        ThrowAt(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public Long map(Long value) {
            if (value == failAt) {
                throw new IllegalStateException("boom at " + value);
            }
            return value;
        }
    }

    static final class FailsToOpen extends RichMapFunction<Long, Long> {
        @Override
        public void open(OpenContext openContext) throws IOException {
            throw new IOException("cannot connect to the lookup service");
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    static final class CountingOpens extends RichMapFunction<Long, Long> {
        @Override
        public void open(OpenContext openContext) {
            OPENS.incrementAndGet();
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    static final class KeyedStateWithoutKeyBy extends RichMapFunction<Long, Long> {
        private transient ValueState<Long> last;

        @Override
        public void open(OpenContext openContext) {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Long.class));
        }

        @Override
        public Long map(Long value) throws Exception {
            last.update(value);
            return value;
        }
    }

    static final class CountPerKey extends KeyedProcessFunction<Long, Long, Long> {
        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            out.collect(value);
        }
    }

    // ---- failures while running ----

    @Test
    void when_a_map_throws_at_record_n_then_the_job_fails_naming_operator_and_subtask_with_the_users_cause() {
        // Given: 1..1000 over two source subtasks, so 500 is read by subtask 1 of 2
        StreamExecutionEnvironment env = env(2);
        env.fromSequence(1, 1_000).map(new ThrowAt(500)).name("boom").addSink(new DiscardingSink<>());

        // When
        JobExecutionException e = jobFails(() -> env.execute("map throws"));

        // Then
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("boom at 500", cause.getMessage());
        assertMentions(e, "'boom'", "subtask 1/2", "map throws");
    }

    @Test
    void when_a_map_at_the_head_of_a_network_vertex_throws_then_the_job_fails_naming_it() {
        // Given
        StreamExecutionEnvironment env = env(2);
        env.fromSequence(1, 1_000).setParallelism(1)
                .rebalance()
                .map(new ThrowAt(700)).name("boom after rebalance")
                .addSink(new DiscardingSink<>());

        // When
        JobExecutionException e = jobFails(() -> env.execute("head throws"));

        // Then
        assertEquals("boom at 700", assertInstanceOf(IllegalStateException.class, e.getCause()).getMessage());
        assertMentions(e, "'boom after rebalance'", "subtask");
    }

    @Test
    void when_a_source_reader_throws_then_the_job_fails_naming_the_source() {
        // Given
        StreamExecutionEnvironment env = env(1);
        env.fromSource(new FailingSource(100, 42), "flaky input").addSink(new DiscardingSink<>());

        // When
        JobExecutionException e = jobFails(() -> env.execute("source throws"));

        // Then
        assertEquals("reader broke at 42", assertInstanceOf(IllegalStateException.class, e.getCause()).getMessage());
        assertMentions(e, "'Source: flaky input'", "subtask 1/1");
    }

    @ParameterizedTest(name = "sink behind {0}")
    @ValueSource(strings = {"chain", "keyBy"})
    void when_a_sink_throws_then_the_job_fails_naming_the_sink(String input) {
        // Given
        StreamExecutionEnvironment env = env(2);
        DataStream<Long> numbers = env.fromSequence(1, 500);
        DataStream<Long> spread = input.equals("keyBy") ? numbers.keyBy(v -> v % 3) : numbers;
        spread.addSink(new FailingSink<>(77L)).name("fragile sink");

        // When
        JobExecutionException e = jobFails(() -> env.execute("sink throws"));

        // Then
        assertEquals("sink broke at 77", assertInstanceOf(IllegalStateException.class, e.getCause()).getMessage());
        assertMentions(e, "'fragile sink'", "subtask");
    }

    @Test
    void when_open_throws_then_the_job_fails_naming_the_operator_with_the_users_cause() {
        // Given
        StreamExecutionEnvironment env = env(2);
        env.fromSequence(1, 10).map(new FailsToOpen()).name("enricher").addSink(new DiscardingSink<>());

        // When
        JobExecutionException e = jobFails(() -> env.execute("open throws"));

        // Then
        IOException cause = assertInstanceOf(IOException.class, e.getCause());
        assertEquals("cannot connect to the lookup service", cause.getMessage());
        assertMentions(e, "'enricher'", "subtask");
    }

    @Test
    void when_a_map_returns_null_then_the_job_fails_saying_to_use_flat_map_or_filter() {
        // Given
        StreamExecutionEnvironment env = env(1);
        env.fromSequence(1, 10).map(v -> v == 5 ? null : v).name("sometimes null").addSink(new DiscardingSink<>());

        // When
        JobExecutionException e = jobFails(() -> env.execute("map returns null"));

        // Then
        NullPointerException cause = assertInstanceOf(NullPointerException.class, e.getCause());
        assertTrue(cause.getMessage().contains("returned null"), cause.getMessage());
        assertMentions(e, "'sometimes null'", "flatMap or filter");
    }

    @Test
    void when_a_non_keyed_function_asks_for_keyed_state_then_the_job_fails_naming_it_and_saying_to_key_by() {
        // Given
        StreamExecutionEnvironment env = env(2);
        env.fromSequence(1, 10).map(new KeyedStateWithoutKeyBy()).name("stateful").addSink(new DiscardingSink<>());

        // When
        JobExecutionException e = jobFails(() -> env.execute("state without keyBy"));

        // Then
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertMentions(e, "'stateful'", "keyBy", "'last'");
    }

    @Test
    void when_a_key_selector_returns_null_then_the_job_fails_naming_the_key_by() {
        // Given
        StreamExecutionEnvironment env = env(2);
        env.fromSequence(1, 100)
                .keyBy(v -> v == 13 ? null : v % 5)
                .process(new CountPerKey()).name("per key")
                .addSink(new DiscardingSink<>());

        // When
        JobExecutionException e = jobFails(() -> env.execute("null key"));

        // Then
        NullPointerException cause = assertInstanceOf(NullPointerException.class, e.getCause());
        assertTrue(cause.getMessage().contains("null key"), cause.getMessage());
        assertMentions(e, "keyBy before per key");
    }

    // ---- jobs rejected before anything runs ----

    @Test
    void when_the_default_parallelism_is_0_then_execute_rejects_the_job_before_anything_runs() {
        // Given
        StreamExecutionEnvironment env = env(0);
        env.fromSequence(1, 10).map(new CountingOpens()).name("counted").addSink(new DiscardingSink<>());

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.execute("parallelism 0"));

        // Then
        assertMentions(e, "parallelism 0", "between 1 and the max parallelism");
        assertEquals(0, OPENS.get(), "nothing ran");
    }

    @ParameterizedTest(name = "setParallelism({0})")
    @ValueSource(ints = {0, -1})
    void when_an_operator_is_given_a_parallelism_below_1_then_the_job_is_rejected_before_anything_runs(int bad) {
        // Given
        StreamExecutionEnvironment env = env(2);

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> {
            env.fromSequence(1, 10).map(new CountingOpens()).name("counted").setParallelism(bad)
                    .addSink(new DiscardingSink<>());
            env.execute("operator parallelism " + bad);
        });

        // Then
        assertMentions(e, "'counted'", "parallelism " + bad);
        assertEquals(0, OPENS.get(), "nothing ran");
    }

    @Test
    void when_an_operator_exceeds_the_max_parallelism_then_execute_rejects_it_saying_how_to_raise_the_max() {
        // Given
        StreamExecutionEnvironment env = env(2).setMaxParallelism(4);
        env.fromSequence(1, 10).map(new CountingOpens()).name("too wide").setParallelism(5)
                .addSink(new DiscardingSink<>());

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.execute("too wide"));

        // Then
        assertMentions(e, "'too wide'", "parallelism 5", "max parallelism 4", "setMaxParallelism");
        assertEquals(0, OPENS.get(), "nothing ran");
    }

    @Test
    void when_the_job_has_no_sink_then_execute_rejects_it_saying_how_to_end_a_stream() {
        // Given
        StreamExecutionEnvironment env = env(1);
        env.fromSequence(1, 10).map(new CountingOpens());

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.execute("no sink"));

        // Then
        assertMentions(e, "no sink", "addSink", "print()");
        assertEquals(0, OPENS.get(), "nothing ran");
    }

    @Test
    void when_a_keyed_process_function_is_applied_to_a_non_keyed_stream_then_execute_rejects_it_naming_it() {
        // Given
        StreamExecutionEnvironment env = env(1);
        env.fromSequence(1, 10).process(new CountPerKey()).name("per key counter").addSink(new DiscardingSink<>());

        // When
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.execute("not keyed"));

        // Then
        assertMentions(e, "keyBy", "'per key counter'");
    }

    @Test
    void when_a_function_captures_a_non_serializable_object_then_execute_rejects_it_saying_so() {
        // Given
        Thread notSerializable = Thread.currentThread();
        StreamExecutionEnvironment env = env(1);
        env.fromSequence(1, 10).map(v -> v + notSerializable.getName().length()).name("capturing")
                .addSink(new DiscardingSink<>());

        // When
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.execute("capture"));

        // Then
        assertMentions(e, "'capturing'", "not serializable", "java.lang.Thread", "transient");
    }
}
