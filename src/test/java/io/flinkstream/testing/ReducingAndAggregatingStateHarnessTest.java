package io.flinkstream.testing;

import io.flinkstream.api.AggregateFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.state.AggregatingState;
import io.flinkstream.api.state.AggregatingStateDescriptor;
import io.flinkstream.api.state.ReducingState;
import io.flinkstream.api.state.ReducingStateDescriptor;
import io.flinkstream.testing.KeyedCases.PerKey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.flinkstream.testing.KeyedCases.COUNTER_SUMS;
import static io.flinkstream.testing.KeyedCases.SUMS;
import static io.flinkstream.testing.KeyedCases.verify;

/**
 * ReducingState and AggregatingState, each with an immutable and a mutable value type, with functions that change
 * their first argument or accumulator in place, through {@link OperatorVerifier}; see {@link KeyedCases}.
 */
class ReducingAndAggregatingStateHarnessTest {
    @Test
    void when_reducingStateSumsLongs_then_sameOutputInEveryMode() throws Exception {
        // Given a ReducingState<Long>
        // When / Then
        verify(() -> new PerKey() {
            private transient ReducingState<Long> sum;

            @Override
            public void open(OpenContext openContext) {
                sum = getRuntimeContext().getReducingState(new ReducingStateDescriptor<>("sum", Long::sum,
                        Long.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                sum.add(n);
                return sum.get();
            }
        }, SUMS);
    }

    @Test
    void when_reduceFunctionChangesAndReturnsItsFirstArgument_then_sameOutputInEveryMode() throws Exception {
        // Given a ReducingState<Counter> whose reduce function adds into the stored Counter and returns it
        // When / Then
        verify(() -> new PerKey() {
            private transient ReducingState<Counter> sum;

            @Override
            public void open(OpenContext openContext) {
                sum = getRuntimeContext().getReducingState(new ReducingStateDescriptor<>("sum", (a, b) -> {
                    a.count += b.count;
                    return a;
                }, Counter.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                sum.add(new Counter(key, n));
                return sum.get();
            }
        }, COUNTER_SUMS);
    }

    @Test
    void when_aggregatingStateHasAnImmutableAccumulator_then_sameOutputInEveryMode() throws Exception {
        // Given an AggregatingState with a Long accumulator
        // When / Then
        verify(() -> new Aggregating<>(new SumAggregate(), Long.class), SUMS);
    }

    @Test
    void when_aggregateFunctionChangesItsLongArrayAccumulatorInPlace_then_sameOutputInEveryMode() throws Exception {
        // Given an average whose add does `acc[0] += v; acc[1]++; return acc;`
        // When / Then
        verify(() -> new Aggregating<>(new AverageAggregate(), long[].class),
                List.of("a:1/1", "b:5/1", "a:3/2", "c:7/1", "b:6/2", "a:7/3"));
    }


    /** Feeds the record's number to an AggregatingState. */
    static final class Aggregating<ACC> extends PerKey {
        private final AggregateFunction<Long, ACC, String> function;
        private final Class<ACC> accumulatorClass;
        private transient AggregatingState<Long, String> aggregate;

        Aggregating(AggregateFunction<Long, ACC, String> function, Class<ACC> accumulatorClass) {
            this.function = function;
            this.accumulatorClass = accumulatorClass;
        }

        @Override
        public void open(OpenContext openContext) {
            aggregate = getRuntimeContext().getAggregatingState(new AggregatingStateDescriptor<>("aggregate", function,
                    accumulatorClass));
        }

        @Override
        Object apply(String key, long n) throws Exception {
            aggregate.add(n);
            return aggregate.get();
        }
    }

    /** A sum with an immutable accumulator. */
    static final class SumAggregate implements AggregateFunction<Long, Long, String> {
        public Long createAccumulator() {
            return 0L;
        }

        public Long add(Long value, Long accumulator) {
            return accumulator + value;
        }

        public String getResult(Long accumulator) {
            return String.valueOf(accumulator);
        }

        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** An average whose accumulator, {sum, count}, is changed in place. */
    static final class AverageAggregate implements AggregateFunction<Long, long[], String> {
        public long[] createAccumulator() {
            return new long[2];
        }

        public long[] add(Long value, long[] acc) {
            acc[0] += value;
            acc[1]++;
            return acc;
        }

        public String getResult(long[] acc) {
            return acc[0] + "/" + acc[1];
        }

        public long[] merge(long[] a, long[] b) {
            a[0] += b[0];
            a[1] += b[1];
            return a;
        }
    }
}
