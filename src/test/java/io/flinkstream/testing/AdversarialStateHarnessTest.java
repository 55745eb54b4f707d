package io.flinkstream.testing;

import io.flinkstream.api.AggregateFunction;
import io.flinkstream.api.Collector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.state.AggregatingState;
import io.flinkstream.api.state.AggregatingStateDescriptor;
import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.runtime.operators.KeyedProcessOperator;
import io.flinkstream.testing.KeyedCases.PerKey;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.flinkstream.testing.KeyedCases.COUNTER_SUMS;
import static io.flinkstream.testing.KeyedCases.sorted;
import static io.flinkstream.testing.KeyedCases.verify;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Legal but unusual ways of using keyed state — states asked for lazily, removal through a map's iterator, values of a
 * type only Kryo can copy, results that are the accumulator — and one illegal way the verifier must catch.
 */
class AdversarialStateHarnessTest {

    @Test
    void when_statesAreAskedForOnlyWhenFirstNeeded_then_restoredStatesNotAskedForYetSurviveTheNextSnapshot()
            throws Exception {
        // Given a function asking for "odd" or "even" state only when a record needs it, so after a restore one of
        // them stays unregistered until a record of its parity comes and must be carried into the next snapshots
        // When / Then
        verify(() -> new PerKey() {
            @Override
            Object apply(String key, long n) throws Exception {
                String parity = n % 2 == 0 ? "even" : "odd";
                ValueState<Counter> sum = getRuntimeContext().getState(new ValueStateDescriptor<>(parity,
                        Counter.class));
                if (sum.value() == null) {
                    sum.update(new Counter(parity, n));
                } else {
                    sum.value().count += n;
                }
                return sum.value();
            }
        }, List.of("a:odd=1", "b:odd=5", "a:even=2", "c:odd=7", "b:odd=6", "a:even=6"));
    }

    @Test
    void when_mapEntriesAreRemovedThroughTheIterator_then_sameOutputInEveryMode() throws Exception {
        // Given a MapState<String, Long> counting parities, whose iterator removes every count that reached 2
        // When / Then a snapshot taken before a removal keeps the removed entry
        verify(() -> new PerKey() {
            private transient MapState<String, Long> counts;

            @Override
            public void open(OpenContext openContext) {
                counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", String.class,
                        Long.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                String parity = n % 2 == 0 ? "even" : "odd";
                Long count = counts.get(parity);
                counts.put(parity, count == null ? 1 : count + 1);
                Map<String, Long> before = sorted(counts.entries());
                for (Iterator<Map.Entry<String, Long>> it = counts.iterator(); it.hasNext(); ) {
                    if (it.next().getValue() >= 2) {
                        it.remove();
                    }
                }
                return before + "->" + sorted(counts.entries());
            }
        }, List.of("a:{odd=1}->{odd=1}", "b:{odd=1}->{odd=1}", "a:{even=1, odd=1}->{even=1, odd=1}",
                "c:{odd=1}->{odd=1}", "b:{odd=2}->{}", "a:{even=2, odd=1}->{odd=1}"));
    }

    @Test
    void when_valueOfAKryoTypeIsChangedInPlaceWithoutUpdate_then_theChangeIsStateInEveryMode() throws Exception {
        // Given a ValueState<StringBuilder>, a type only the generic serializer can copy, appended to in place
        // When / Then
        verify(() -> new PerKey() {
            private transient ValueState<StringBuilder> text;

            @Override
            public void open(OpenContext openContext) {
                text = getRuntimeContext().getState(new ValueStateDescriptor<>("text", StringBuilder.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                if (text.value() == null) {
                    text.update(new StringBuilder().append(n));
                } else {
                    text.value().append(',').append(n);
                }
                return text.value();
            }
        }, List.of("a:1", "b:5", "a:1,2", "c:7", "b:5,1", "a:1,2,4"));
    }

    @Test
    void when_resultIsTheAccumulatorAndIsChangedInPlace_then_theChangeIsStateInEveryMode() throws Exception {
        // Given an AggregatingState<Long, Counter> whose result is its accumulator, and a function that changes it
        // When / Then the change is state, like a value read and changed in place, and no snapshot sees it early
        verify(() -> new PerKey() {
            private transient AggregatingState<Long, Counter> sum;

            @Override
            public void open(OpenContext openContext) {
                sum = getRuntimeContext().getAggregatingState(new AggregatingStateDescriptor<>("sum",
                        new CounterSum(), Counter.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                sum.add(n);
                sum.get().word = key;
                return sum.get();
            }
        }, COUNTER_SUMS);
    }

    @Test
    void when_functionChangesItsInputWhoseFieldIsTheKey_then_sameOutputInEveryMode() throws Exception {
        // Given records keyed by a mutable field, a Counter, and a function that changes its input after reading it
        // (allowed: without object reuse each record is the function's own copy)
        List<Tuple2<Counter, Long>> input = List.of(Tuple2.of(new Counter("a", 0), 1L),
                Tuple2.of(new Counter("b", 0), 5L), Tuple2.of(new Counter("a", 0), 2L),
                Tuple2.of(new Counter("a", 0), 4L));
        // When / Then the key stored with the state keeps its value
        OperatorVerifier.verify(() -> new KeyedProcessOperator<>(new SumByCounterKey()),
                (Tuple2<Counter, Long> record) -> record.f0, input, List.of("a=0:1", "b=0:5", "a=0:3", "a=0:7"));
    }

    @Test
    void given_functionKeepsAValueItReadAndChangesItInALaterRecord_when_verified_then_theChangedSnapshotIsReported() {
        // Given a function keeping the object value() returned, across records, and changing it later: illegal, as in
        // Flink (a snapshot may still hold that object), and only the late-written snapshot can show it
        // When verified
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> OperatorVerifier.verify(
                () -> new KeyedProcessOperator<>(new KeepsReadValue()), (String record) -> "k",
                List.of("x", "y", "z"), List.of("k=1", "k=2", "k=3")));
        // Then the verifier names the snapshot that changed after its barrier
        assertTrue(failure.getMessage().contains("no longer holds the state of its barrier"), failure.getMessage());
    }

    /** Sums per Counter key, then changes the input's key field. */
    static final class SumByCounterKey extends KeyedProcessFunction<Counter, Tuple2<Counter, Long>, String> {
        private transient ValueState<Long> sum;

        @Override
        public void open(OpenContext openContext) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(Tuple2<Counter, Long> value, Context ctx, Collector<String> out)
                throws Exception {
            long next = (sum.value() == null ? 0 : sum.value()) + value.f1;
            sum.update(next);
            out.collect(ctx.getCurrentKey() + ":" + next);
            value.f0.count = 99;
        }
    }

    /** Reads its Counter once and keeps the object to change it in every later record: not allowed. */
    static final class KeepsReadValue extends KeyedProcessFunction<String, String, String> {
        private transient ValueState<Counter> state;
        private transient Counter kept;

        @Override
        public void open(OpenContext openContext) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Counter.class));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            if (kept == null) {
                if (state.value() == null) {
                    state.update(new Counter(ctx.getCurrentKey(), 0));
                }
                kept = state.value();
            }
            kept.count++;
            out.collect(kept.toString());
        }
    }

    /** A sum whose result is its accumulator. */
    static final class CounterSum implements AggregateFunction<Long, Counter, Counter> {
        public Counter createAccumulator() {
            return new Counter("", 0);
        }

        public Counter add(Long value, Counter acc) {
            acc.count += value;
            return acc;
        }

        public Counter getResult(Counter acc) {
            return acc;
        }

        public Counter merge(Counter a, Counter b) {
            a.count += b.count;
            return a;
        }
    }
}
