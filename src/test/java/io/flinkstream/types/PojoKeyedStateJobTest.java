package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The keyed state example of Flink's documentation ({@code CountWithTimestamp} in a {@code ValueState} of a
 * {@code KeyedProcessFunction}), as users copy it: a POJO that is not {@code Serializable}, checkpointed every 50 ms,
 * with a failure mid-run.
 */
class PojoKeyedStateJobTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 40_000;
    private static final int KEYS = 100;

    private final String failureSwitch = FailureSwitch.create();

    @AfterEach
    void forgetSwitch() {
        FailureSwitch.forget(failureSwitch);
    }

    /** The data type stored in the state, as in Flink's docs: public fields, no-arg constructor, not Serializable. */
    public static class CountWithTimestamp {
        public String key;
        public long count;
        public long lastModified;
    }

    /** Counts per key in a {@code CountWithTimestamp}, changing the object it read and writing it back. */
    static final class CountWithTimeoutFunction extends KeyedProcessFunction<String, Long, Tuple2<String, Long>> {
        private transient ValueState<CountWithTimestamp> state;

        @Override
        public void open(OpenContext openContext) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("myState", CountWithTimestamp.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Tuple2<String, Long>> out) throws Exception {
            CountWithTimestamp current = state.value();
            if (current == null) {
                current = new CountWithTimestamp();
                current.key = ctx.getCurrentKey();
            }
            current.count++;
            current.lastModified = value;
            state.update(current);
            out.collect(new Tuple2<>(current.key, current.count));
        }
    }

    @Test
    void given_a_non_serializable_pojo_in_value_state_when_the_job_fails_mid_run_then_it_restarts_once_and_counts_exactly()
            throws Exception {
        // Given checkpoints every 50 ms and one failure after a checkpoint that holds counts
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(50);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        CollectSink<Tuple2<String, Long>> sink = newSink();
        env.fromSource(new HeldRangeSource(RECORDS, failureSwitch), "held range")
                .map(new FailAfterCheckpointMap(failureSwitch)).name("fail after checkpoint")
                .keyBy(v -> "key-" + (v % KEYS))
                .process(new CountWithTimeoutFunction()).name("count with timestamp")
                .addSink(sink);

        // When it runs to the end
        JobExecutionResult result = env.execute("pojo keyed state");

        // Then it restarted exactly once, and every key counted each of its records once
        assertEquals(1, result.metrics().restarts(), "restarts");
        Map<String, Long> finalCounts = new HashMap<>();
        sink.results().forEach(kc -> finalCounts.merge(kc.f0, kc.f1, Math::max));
        assertEquals(KEYS, finalCounts.size(), "keys");
        finalCounts.forEach((key, count) -> assertEquals(RECORDS / KEYS, count, "count of " + key));
    }
}
