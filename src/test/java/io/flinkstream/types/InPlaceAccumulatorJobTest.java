package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.AggregateFunction;
import io.flinkstream.api.Collector;
import io.flinkstream.api.DataStream;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.ReduceFunction;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.AggregatingState;
import io.flinkstream.api.state.AggregatingStateDescriptor;
import io.flinkstream.api.state.ReducingState;
import io.flinkstream.api.state.ReducingStateDescriptor;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Aggregate and reduce functions that change their accumulator or first argument in place and return it, as the
 * {@code AggregateFunction} Javadoc and most user code do: what a checkpoint stores must be the value at the barrier,
 * not what the function made of the same object afterwards.
 */
class InPlaceAccumulatorJobTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 200_000;
    private static final int KEYS = 200;

    private final String failureSwitch = FailureSwitch.create();

    @AfterEach
    void forgetSwitch() {
        FailureSwitch.forget(failureSwitch);
    }

    /** A mutable accumulator and reduce value: public fields, no-arg constructor, not Serializable. */
    public static class SumCount {
        public long sum;
        public long count;
    }

    /** {@code acc[0] += v; acc[1]++; return acc;} */
    static final class LongArraySum implements AggregateFunction<Long, long[], Long> {
        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Long value, long[] acc) {
            acc[0] += value;
            acc[1]++;
            return acc;
        }

        @Override
        public Long getResult(long[] acc) {
            return acc[0] * 1_000_000 + acc[1];
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            a[0] += b[0];
            a[1] += b[1];
            return a;
        }
    }

    /** The same with a POJO accumulator. */
    static final class PojoSum implements AggregateFunction<Long, SumCount, Long> {
        @Override
        public SumCount createAccumulator() {
            return new SumCount();
        }

        @Override
        public SumCount add(Long value, SumCount acc) {
            acc.sum += value;
            acc.count++;
            return acc;
        }

        @Override
        public Long getResult(SumCount acc) {
            return acc.sum * 1_000_000 + acc.count;
        }

        @Override
        public SumCount merge(SumCount a, SumCount b) {
            a.sum += b.sum;
            a.count += b.count;
            return a;
        }
    }

    /** Adds the second into the first and returns the first. */
    static final class InPlaceReduce implements ReduceFunction<SumCount> {
        @Override
        public SumCount reduce(SumCount a, SumCount b) {
            a.sum += b.sum;
            a.count += b.count;
            return a;
        }
    }

    /** Per key, the three aggregates after each record, each encoded as {@code sum * 1e6 + count}. */
    record KeyAggregates(long key, long arrayAggregate, long pojoAggregate, long reduced, long count) {
    }

    static final class ThreeAggregates extends KeyedProcessFunction<Long, Long, KeyAggregates> {
        private transient AggregatingState<Long, Long> array;
        private transient AggregatingState<Long, Long> pojo;
        private transient ReducingState<SumCount> reduced;

        @Override
        public void open(OpenContext openContext) {
            array = getRuntimeContext().getAggregatingState(
                    new AggregatingStateDescriptor<>("array-sum", new LongArraySum(), long[].class));
            pojo = getRuntimeContext().getAggregatingState(
                    new AggregatingStateDescriptor<>("pojo-sum", new PojoSum(), SumCount.class));
            reduced = getRuntimeContext().getReducingState(
                    new ReducingStateDescriptor<>("reduced", new InPlaceReduce(), SumCount.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<KeyAggregates> out) throws Exception {
            array.add(value);
            pojo.add(value);
            SumCount one = new SumCount();
            one.sum = value;
            one.count = 1;
            reduced.add(one);
            SumCount r = reduced.get();
            out.collect(new KeyAggregates(ctx.getCurrentKey(), array.get(), pojo.get(), r.sum * 1_000_000 + r.count,
                    r.count));
        }
    }

    @Test
    void given_in_place_accumulators_when_the_job_fails_after_a_checkpoint_then_the_aggregates_equal_a_failure_free_run()
            throws Exception {
        // Given the aggregates of a failure-free run
        Map<Long, KeyAggregates> expected = run(false);
        assertEquals(plainJava(), expected, "failure-free run against plain Java");

        // When the same job fails once after a checkpoint and restores
        Map<Long, KeyAggregates> restored = run(true);

        // Then
        assertEquals(expected, restored);
    }

    private Map<Long, KeyAggregates> run(boolean fail) throws Exception {
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(20);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        CollectSink<KeyAggregates> sink = newSink();
        DataStream<Long> input = fail
                ? env.fromSource(new HeldRangeSource(RECORDS, failureSwitch), "held range")
                        .map(new FailAfterCheckpointMap(failureSwitch)).name("fail after checkpoint")
                : env.fromSequence(0, RECORDS - 1);
        input.keyBy(v -> v % KEYS).process(new ThreeAggregates()).name("aggregates").addSink(sink);

        JobExecutionResult result = env.execute(fail ? "in-place accumulators, one failure" : "in-place accumulators");

        assertEquals(fail ? 1 : 0, result.metrics().restarts(), "restarts");
        Map<Long, KeyAggregates> last = new TreeMap<>();
        sink.results().forEach(a -> last.merge(a.key(), a, (x, y) -> x.count() >= y.count() ? x : y));
        return last;
    }

    private static Map<Long, KeyAggregates> plainJava() {
        Map<Long, KeyAggregates> expected = new TreeMap<>();
        for (long key = 0; key < KEYS; key++) {
            long sum = 0;
            long count = 0;
            for (long v = key; v < RECORDS; v += KEYS) {
                sum += v;
                count++;
            }
            long encoded = sum * 1_000_000 + count;
            expected.put(key, new KeyAggregates(key, encoded, encoded, encoded, count));
        }
        return expected;
    }
}
