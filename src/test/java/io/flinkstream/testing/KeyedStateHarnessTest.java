package io.flinkstream.testing;

import io.flinkstream.api.OpenContext;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.testing.KeyedCases.PerKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.flinkstream.testing.KeyedCases.COUNTER_SUMS;
import static io.flinkstream.testing.KeyedCases.HISTORY;
import static io.flinkstream.testing.KeyedCases.sorted;
import static io.flinkstream.testing.KeyedCases.verify;

/**
 * ValueState, ListState and MapState, each with an immutable and a mutable value type, used the way users write it —
 * including changing a state object in place without writing it back — through {@link OperatorVerifier}; see
 * {@link KeyedCases} for the records and outputs.
 */
class KeyedStateHarnessTest {
    @Test
    void when_valueStateOfStringsIsAskedForInEveryRecord_then_sameOutputInEveryMode() throws Exception {
        // Given a ValueState<String> the function asks for lazily, per record, as many users do
        // When / Then
        verify(() -> new PerKey() {
            @Override
            Object apply(String key, long n) throws Exception {
                ValueState<String> history = getRuntimeContext().getState(
                        new ValueStateDescriptor<>("history", String.class));
                history.update(history.value() == null ? String.valueOf(n) : history.value() + ", " + n);
                return "[" + history.value() + "]";
            }
        }, HISTORY);
    }

    @Test
    void when_pojoIsReadChangedInPlaceAndUpdated_then_sameOutputInEveryMode() throws Exception {
        // Given a ValueState<Counter> read, changed in place and written back
        // When / Then
        verify(() -> new PerKey() {
            private transient ValueState<Counter> sum;

            @Override
            public void open(OpenContext openContext) {
                sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Counter.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                Counter counter = sum.value();
                if (counter == null) {
                    counter = new Counter(key, 0);
                }
                counter.count += n;
                sum.update(counter);
                return sum.value();
            }
        }, COUNTER_SUMS);
    }

    @Test
    void when_pojoIsChangedInPlaceWithoutUpdate_then_theChangeIsStateInEveryMode() throws Exception {
        // Given a ValueState<Counter> written once and from then on only changed in place (as on Flink's heap backend)
        // When / Then a restore from any snapshot continues from the count of its barrier
        verify(() -> new PerKey() {
            private transient ValueState<Counter> sum;

            @Override
            public void open(OpenContext openContext) {
                sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Counter.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                Counter counter = sum.value();
                if (counter == null) {
                    sum.update(new Counter(key, n));
                } else {
                    counter.count += n;
                }
                return sum.value();
            }
        }, COUNTER_SUMS);
    }

    @Test
    void when_tupleIsChangedInPlaceWithoutUpdate_then_theChangeIsStateInEveryMode() throws Exception {
        // Given a ValueState<Tuple2<String, Long>> changed in place after its first update
        // When / Then
        verify(() -> new PerKey() {
            private transient ValueState<Tuple2<String, Long>> sum;

            @Override
            public void open(OpenContext openContext) {
                sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum",
                        Types.<Tuple2<String, Long>>TUPLE(Types.STRING, Types.LONG)));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                Tuple2<String, Long> tuple = sum.value();
                if (tuple == null) {
                    sum.update(Tuple2.of(key, n));
                } else {
                    tuple.f1 += n;
                }
                return sum.value().f0 + "=" + sum.value().f1;
            }
        }, COUNTER_SUMS);
    }

    @Test
    void when_listInsideValueStateIsAppendedToAndUpdated_then_sameOutputInEveryMode() throws Exception {
        // Given a ValueState<List<Long>> appended to and written back
        // When / Then
        verify(() -> new ListInValueState(true), HISTORY);
    }

    @Test
    void when_listInsideValueStateIsAppendedToWithoutUpdate_then_theChangeIsStateInEveryMode() throws Exception {
        // Given a ValueState<List<Long>> written once and from then on only appended to in place
        // When / Then
        verify(() -> new ListInValueState(false), HISTORY);
    }

    @Test
    void when_listIsChangedAfterItWasPassedToUpdate_then_onlyTheStatesCopyCountsInEveryMode() throws Exception {
        // Given the classic "create, update, then append" style: the state stores a copy of what update() gets (as a
        // serializing backend would), so the first number of each key never reaches the state
        // When / Then
        verify(() -> new PerKey() {
            private transient ValueState<List<Long>> numbers;

            @Override
            public void open(OpenContext openContext) {
                numbers = getRuntimeContext().getState(new ValueStateDescriptor<>("numbers",
                        Types.LIST(Types.LONG)));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                List<Long> list = numbers.value();
                if (list == null) {
                    list = new ArrayList<>();
                    numbers.update(list);
                }
                list.add(n);
                return numbers.value();
            }
        }, List.of("a:[]", "b:[]", "a:[2]", "c:[]", "b:[1]", "a:[2, 4]"));
    }

    @Test
    void when_functionChangesAnObjectItGaveToUpdateEarlier_then_theStateIsNotChanged() throws Exception {
        // Given a function that keeps every Counter it passes to update() and adds 100 to it on the key's next record
        // When / Then the state owns a copy, so the kept objects' changes never reach it, in any mode
        verify(() -> new PerKey() {
            private final Map<String, Counter> given = new TreeMap<>();
            private transient ValueState<Counter> sum;

            @Override
            public void open(OpenContext openContext) {
                sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Counter.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                Counter kept = given.get(key);
                if (kept != null) {
                    kept.count += 100;
                }
                Counter next = new Counter(key, (sum.value() == null ? 0 : sum.value().count) + n);
                sum.update(next);
                given.put(key, next);
                return sum.value();
            }
        }, COUNTER_SUMS);
    }

    @Test
    void when_listStateOfLongsIsAppendedTo_then_sameOutputInEveryMode() throws Exception {
        // Given a ListState<Long>
        // When / Then
        verify(() -> new PerKey() {
            private transient ListState<Long> seen;

            @Override
            public void open(OpenContext openContext) {
                seen = getRuntimeContext().getListState(new ListStateDescriptor<>("seen", Long.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                seen.add(n);
                return seen.get();
            }
        }, HISTORY);
    }

    @Test
    void when_listStateElementsAreChangedInPlaceWithoutUpdate_then_theChangeIsStateInEveryMode() throws Exception {
        // Given a ListState<Counter> whose elements, read with get(), are changed in place and never written back
        // When / Then
        verify(() -> new PerKey() {
            private transient ListState<Counter> seen;

            @Override
            public void open(OpenContext openContext) {
                seen = getRuntimeContext().getListState(new ListStateDescriptor<>("seen", Counter.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                seen.add(new Counter(key, n));
                for (Counter counter : seen.get()) {
                    counter.count++;
                }
                return seen.get();
            }
        }, List.of("a:[a=2]", "b:[b=6]", "a:[a=3, a=3]", "c:[c=8]", "b:[b=7, b=2]", "a:[a=4, a=4, a=5]"));
    }

    @Test
    void when_mapStateOfLongsIsCounted_then_sameOutputInEveryMode() throws Exception {
        // Given a MapState<String, Long> counting odd and even numbers per key
        // When / Then
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
                return sorted(counts.entries());
            }
        }, List.of("a:{odd=1}", "b:{odd=1}", "a:{even=1, odd=1}", "c:{odd=1}", "b:{odd=2}", "a:{even=2, odd=1}"));
    }

    @Test
    void when_mapStateValuesAreChangedInPlaceWithoutPut_then_theChangeIsStateInEveryMode() throws Exception {
        // Given a MapState<String, Counter> summing odd and even numbers, changing a present Counter in place
        // When / Then
        verify(() -> new PerKey() {
            private transient MapState<String, Counter> sums;

            @Override
            public void open(OpenContext openContext) {
                sums = getRuntimeContext().getMapState(new MapStateDescriptor<>("sums", String.class,
                        Counter.class));
            }

            @Override
            Object apply(String key, long n) throws Exception {
                String parity = n % 2 == 0 ? "even" : "odd";
                Counter sum = sums.get(parity);
                if (sum == null) {
                    sums.put(parity, new Counter(parity, n));
                } else {
                    sum.count += n;
                }
                return sorted(sums.entries());
            }
        }, List.of("a:{odd=odd=1}", "b:{odd=odd=5}", "a:{even=even=2, odd=odd=1}", "c:{odd=odd=7}",
                "b:{odd=odd=6}", "a:{even=even=6, odd=odd=1}"));
    }


    /** Keeps the key's numbers in a ValueState<List<Long>>, written back after each append or only once. */
    static final class ListInValueState extends PerKey {
        private final boolean update;
        private transient ValueState<List<Long>> numbers;

        ListInValueState(boolean update) {
            this.update = update;
        }

        @Override
        public void open(OpenContext openContext) {
            numbers = getRuntimeContext().getState(new ValueStateDescriptor<>("numbers", Types.LIST(Types.LONG)));
        }

        @Override
        Object apply(String key, long n) throws Exception {
            List<Long> list = numbers.value();
            if (list == null) {
                numbers.update(new ArrayList<>(List.of(n)));
            } else {
                list.add(n);
                if (update) {
                    numbers.update(list);
                }
            }
            return numbers.value();
        }
    }
}
