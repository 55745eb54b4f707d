package io.flinkstream.api;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.state.AggregatingState;
import io.flinkstream.api.state.AggregatingStateDescriptor;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ReducingState;
import io.flinkstream.api.state.ReducingStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyed streams and the five keyed state types, each used in a real job; every result is compared with the same
 * computation done in plain Java.
 */
class KeyedTest extends EmbeddedNodeTestBase {
    /** Plain Java: the values of {@code [0, n)} grouped by {@code key}, in input order. */
    private static Map<Long, List<Long>> groupInOrder(long n, LongUnaryOperator key) {
        Map<Long, List<Long>> groups = new TreeMap<>();
        for (long v = 0; v < n; v++) {
            groups.computeIfAbsent(key.applyAsLong(v), k -> new ArrayList<>()).add(v);
        }
        return groups;
    }

    /** Plain Java: per key of {@code [0, n)}, the counts a running count emits for it, 1 to its number of values. */
    private static Map<Long, List<Long>> runningCounts(long n, LongUnaryOperator key) {
        Map<Long, List<Long>> counts = new TreeMap<>();
        groupInOrder(n, key).forEach((k, values) ->
                counts.put(k, LongStream.rangeClosed(1, values.size()).boxed().toList()));
        return counts;
    }

    /** Per key, every count emitted, in ascending order. */
    private static Map<Long, List<Long>> sortedCountsPerKey(List<KeyCount> emitted) {
        Map<Long, List<Long>> counts = new TreeMap<>();
        emitted.forEach(kc -> counts.computeIfAbsent(kc.key(), k -> new ArrayList<>()).add(kc.count()));
        counts.values().forEach(list -> list.sort(null));
        return counts;
    }

    /** Per key, the last (largest) count emitted. */
    private static Map<Long, Long> finalCountsPerKey(List<KeyCount> emitted) {
        Map<Long, Long> finalCounts = new TreeMap<>();
        emitted.forEach(kc -> finalCounts.merge(kc.key(), kc.count(), Math::max));
        return finalCounts;
    }

    // ---- records and functions (static: user code is serialized, and must not capture the test instance) ----

    record KeyedValue(Object key, long value) {
    }

    record KeyCount(long key, long count) {
    }

    record KeySum(long key, long sum) {
    }

    record KeyList(long key, List<Long> values) {
    }

    record KeyMap(long key, Map<Long, Long> counts) {
    }

    record Average(long count, long sum) implements Serializable {
    }

    record KeyAverage(long key, Average average) {
    }

    record Check(Object key, String what, boolean ok) {
    }

    record KV(long key, long value) implements Serializable {
    }

    static final class EchoCurrentKey<K> extends KeyedProcessFunction<K, Long, KeyedValue> {
        @Override
        public void processElement(Long value, Context ctx, Collector<KeyedValue> out) {
            out.collect(new KeyedValue(ctx.getCurrentKey(), value));
        }
    }

    static final class CountPerKey extends KeyedProcessFunction<Long, Long, KeyCount> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<KeyCount> out) throws Exception {
            Long current = count.value();
            long next = current == null ? 1 : current + 1;
            count.update(next);
            out.collect(new KeyCount(ctx.getCurrentKey(), next));
        }
    }

    static final class ListPerKey extends KeyedProcessFunction<Long, Long, KeyList> {
        private transient ListState<Long> seen;

        @Override
        public void open(OpenContext openContext) {
            seen = getRuntimeContext().getListState(new ListStateDescriptor<>("seen", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<KeyList> out) throws Exception {
            seen.add(value);
            List<Long> copy = new ArrayList<>();
            seen.get().forEach(copy::add);
            out.collect(new KeyList(ctx.getCurrentKey(), copy));
        }
    }

    static final class CountByResidue extends KeyedProcessFunction<Long, Long, KeyMap> {
        private transient MapState<Long, Long> counts;

        @Override
        public void open(OpenContext openContext) {
            counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("by-residue", Long.class, Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<KeyMap> out) throws Exception {
            long residue = value % 5;
            Long current = counts.get(residue);
            counts.put(residue, current == null ? 1 : current + 1);
            Map<Long, Long> copy = new TreeMap<>();
            for (Map.Entry<Long, Long> entry : counts.entries()) {
                copy.put(entry.getKey(), entry.getValue());
            }
            out.collect(new KeyMap(ctx.getCurrentKey(), copy));
        }
    }

    static final class SumPerKey extends KeyedProcessFunction<Long, Long, KeySum> {
        private transient ReducingState<Long> sum;

        @Override
        public void open(OpenContext openContext) {
            sum = getRuntimeContext().getReducingState(new ReducingStateDescriptor<>("sum", Long::sum, Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<KeySum> out) throws Exception {
            sum.add(value);
            out.collect(new KeySum(ctx.getCurrentKey(), sum.get()));
        }
    }

    static final class AverageFunction implements AggregateFunction<Long, long[], Average> {
        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Long value, long[] accumulator) {
            accumulator[0]++;
            accumulator[1] += value;
            return accumulator;
        }

        @Override
        public Average getResult(long[] accumulator) {
            return new Average(accumulator[0], accumulator[1]);
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            a[0] += b[0];
            a[1] += b[1];
            return a;
        }
    }

    static final class AveragePerKey extends KeyedProcessFunction<Long, Long, KeyAverage> {
        private transient AggregatingState<Long, Average> average;

        @Override
        public void open(OpenContext openContext) {
            average = getRuntimeContext().getAggregatingState(
                    new AggregatingStateDescriptor<>("average", new AverageFunction(), long[].class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<KeyAverage> out) throws Exception {
            average.add(value);
            out.collect(new KeyAverage(ctx.getCurrentKey(), average.get()));
        }
    }

    /** Sums per key and emits the sum (then clears it) at every value ending in 9. */
    static final class SumUntilNine extends KeyedProcessFunction<Long, Long, KeySum> {
        private transient ValueState<Long> sum;

        @Override
        public void open(OpenContext openContext) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<KeySum> out) throws Exception {
            Long current = sum.value();
            long next = (current == null ? 0 : current) + value;
            if (value % 10 == 9) {
                out.collect(new KeySum(ctx.getCurrentKey(), next));
                sum.clear();
                if (sum.value() != null) {
                    throw new IllegalStateException("value() after clear() must be null");
                }
            } else {
                sum.update(next);
            }
        }
    }

    /**
     * Checks, for every key, that all five states are absent before the first record, present after it, and absent
     * again after clear() at the key's second record.
     */
    static final class AbsentAndClearedStates extends KeyedProcessFunction<Long, Long, Check> {
        private transient ValueState<Long> value;
        private transient ListState<Long> list;
        private transient MapState<Long, String> map;
        private transient ReducingState<Long> reducing;
        private transient AggregatingState<Long, Average> aggregating;
        private transient ValueState<Integer> seen;

        @Override
        public void open(OpenContext openContext) {
            RuntimeContext rc = getRuntimeContext();
            value = rc.getState(new ValueStateDescriptor<>("value", Long.class));
            list = rc.getListState(new ListStateDescriptor<>("list", Long.class));
            map = rc.getMapState(new MapStateDescriptor<>("map", Long.class, String.class));
            reducing = rc.getReducingState(new ReducingStateDescriptor<>("reducing", Long::sum, Long.class));
            aggregating = rc.getAggregatingState(
                    new AggregatingStateDescriptor<>("aggregating", new AverageFunction(), long[].class));
            seen = rc.getState(new ValueStateDescriptor<>("seen", Integer.class));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Check> out) throws Exception {
            Object key = ctx.getCurrentKey();
            Integer times = seen.value();
            if (times == null) {
                out.collect(new Check(key, "absent before first record", allAbsent(v)));
            }
            value.update(v);
            list.add(v);
            map.put(v, "v" + v);
            reducing.add(v);
            aggregating.add(v);
            out.collect(new Check(key, "present after update", allPresent(v)));
            if (times != null && times == 1) {
                value.clear();
                list.clear();
                map.clear();
                reducing.clear();
                aggregating.clear();
                out.collect(new Check(key, "absent after clear", allAbsent(v)));
            }
            seen.update(times == null ? 1 : times + 1);
        }

        private boolean allAbsent(long v) throws Exception {
            return value.value() == null
                    && !list.get().iterator().hasNext()
                    && map.isEmpty() && map.get(v) == null && !map.contains(v) && !map.entries().iterator().hasNext()
                    && !map.keys().iterator().hasNext() && !map.values().iterator().hasNext()
                    && reducing.get() == null
                    && aggregating.get() == null;
        }

        private boolean allPresent(long v) throws Exception {
            boolean listHas = false;
            for (Long element : list.get()) {
                listHas |= element == v;
            }
            return value.value() == v && listHas && ("v" + v).equals(map.get(v)) && map.contains(v) && !map.isEmpty()
                    && reducing.get() != null && aggregating.get() != null;
        }
    }

    /** Lets only the first record of each key through: distinct, with keyed state in a rich filter. */
    static final class FirstOccurrence extends RichFilterFunction<Long> {
        private transient ValueState<Boolean> seen;

        @Override
        public void open(OpenContext openContext) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Boolean.class));
        }

        @Override
        public boolean filter(Long value) throws Exception {
            if (seen.value() != null) {
                return false;
            }
            seen.update(true);
            return true;
        }
    }

    /** A running count per key, in a rich map. */
    static final class CountingMap extends RichMapFunction<Long, KeyCount> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public KeyCount map(Long value) throws Exception {
            long next = count.value() == null ? 1 : count.value() + 1;
            count.update(next);
            return new KeyCount(value % 100, next);
        }
    }

    /** Emits every third record of each key, counting with a reducing state in a rich flat map. */
    static final class EveryThird extends RichFlatMapFunction<Long, Long> {
        private transient ReducingState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getReducingState(new ReducingStateDescriptor<>("n", Long::sum, Long.class));
        }

        @Override
        public void flatMap(Long value, Collector<Long> out) throws Exception {
            count.add(1L);
            if (count.get() % 3 == 0) {
                out.collect(value);
            }
        }
    }

    // ---- tests ----

    @Test
    void when_processing_a_keyed_stream_then_the_context_gives_each_records_key() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(3);
        CollectSink<KeyedValue> numbers = newSink();
        CollectSink<KeyedValue> named = newSink();
        DataStream<Long> source = env.fromSequence(0, 4_999).setParallelism(2);
        source.keyBy(v -> v % 37).process(new EchoCurrentKey<Long>()).addSink(numbers);
        source.keyBy(v -> "k" + (v % 11)).process(new EchoCurrentKey<String>()).addSink(named);

        // When
        env.execute("current key");

        // Then
        List<KeyedValue> byNumber = numbers.results();
        assertEquals(5_000, byNumber.size());
        byNumber.forEach(kv -> assertEquals(kv.value() % 37, kv.key(), "key of " + kv.value()));
        List<KeyedValue> byName = named.results();
        assertEquals(5_000, byName.size());
        byName.forEach(kv -> assertEquals("k" + (kv.value() % 11), kv.key(), "key of " + kv.value()));
    }

    @Test
    void given_1000_keys_when_counting_in_value_state_then_each_key_counts_only_its_own_records() throws Exception {
        // Given
        long n = 60_000;
        LongUnaryOperator key = v -> (v * v + 7 * v) % 1_000;
        StreamExecutionEnvironment env = env(3);
        CollectSink<KeyCount> sink = newSink();
        env.fromSequence(0, n - 1).setParallelism(2)
                .keyBy(v -> (v * v + 7 * v) % 1_000)
                .process(new CountPerKey())
                .addSink(sink);

        // When
        env.execute("value state count");

        // Then
        assertEquals(runningCounts(n, key), sortedCountsPerKey(sink.results()),
                "per key, the counts 1..n each emitted once");
    }

    @Test
    void when_appending_to_list_state_then_each_key_holds_exactly_its_records() throws Exception {
        // Given
        long n = 3_000;
        StreamExecutionEnvironment env = env(2);
        CollectSink<KeyList> sink = newSink();
        env.fromSequence(0, n - 1).keyBy(v -> v % 100).process(new ListPerKey()).addSink(sink);

        // When
        env.execute("list state");

        // Then
        Map<Long, List<Long>> longest = new TreeMap<>();
        for (KeyList kl : sink.results()) {
            longest.merge(kl.key(), kl.values(), (a, b) -> a.size() >= b.size() ? a : b);
        }
        Map<Long, List<Long>> actual = new TreeMap<>();
        longest.forEach((k, values) -> actual.put(k, values.stream().sorted().toList()));
        assertEquals(groupInOrder(n, v -> v % 100), actual);
    }

    @Test
    void when_counting_in_map_state_then_each_key_has_its_own_map() throws Exception {
        // Given
        long n = 5_000;
        StreamExecutionEnvironment env = env(3);
        CollectSink<KeyMap> sink = newSink();
        env.fromSequence(0, n - 1).setParallelism(1).keyBy(v -> v % 50).process(new CountByResidue()).addSink(sink);

        // When
        env.execute("map state");

        // Then
        Map<Long, Map<Long, Long>> last = new TreeMap<>();
        for (KeyMap km : sink.results()) {
            last.merge(km.key(), km.counts(), (a, b) ->
                    a.values().stream().mapToLong(Long::longValue).sum()
                            >= b.values().stream().mapToLong(Long::longValue).sum() ? a : b);
        }
        Map<Long, Map<Long, Long>> expected = new TreeMap<>();
        groupInOrder(n, v -> v % 50).forEach((k, values) -> expected.put(k,
                values.stream().collect(Collectors.groupingBy(v -> v % 5, TreeMap::new, Collectors.counting()))));
        assertEquals(expected, last);
    }

    @Test
    void when_summing_in_reducing_state_then_each_key_has_its_own_sum() throws Exception {
        // Given
        long n = 20_000;
        StreamExecutionEnvironment env = env(4);
        CollectSink<KeySum> sink = newSink();
        env.fromSequence(0, n - 1).keyBy(v -> v % 333).process(new SumPerKey()).addSink(sink);

        // When
        env.execute("reducing state");

        // Then
        Map<Long, Long> largest = new TreeMap<>();
        sink.results().forEach(ks -> largest.merge(ks.key(), ks.sum(), Math::max));
        Map<Long, Long> expected = new TreeMap<>();
        groupInOrder(n, v -> v % 333).forEach((k, values) ->
                expected.put(k, values.stream().mapToLong(Long::longValue).sum()));
        assertEquals(expected, largest);
        assertEquals(n, sink.results().size());
    }

    @Test
    void when_averaging_in_aggregating_state_then_each_key_has_its_own_accumulator() throws Exception {
        // Given
        long n = 10_000;
        StreamExecutionEnvironment env = env(2);
        CollectSink<KeyAverage> sink = newSink();
        env.fromSequence(0, n - 1).keyBy(v -> v % 97).process(new AveragePerKey()).addSink(sink);

        // When
        env.execute("aggregating state");

        // Then
        Map<Long, Average> finalAverages = new TreeMap<>();
        sink.results().forEach(ka -> finalAverages.merge(ka.key(), ka.average(),
                (a, b) -> a.count() >= b.count() ? a : b));
        Map<Long, Average> expected = new TreeMap<>();
        groupInOrder(n, v -> v % 97).forEach((k, values) ->
                expected.put(k, new Average(values.size(), values.stream().mapToLong(Long::longValue).sum())));
        assertEquals(expected, finalAverages);
    }

    @Test
    void when_clearing_value_state_then_the_key_starts_again_from_nothing() throws Exception {
        // Given: one source subtask, so each key's records arrive in input order
        long n = 5_000;
        StreamExecutionEnvironment env = env(2);
        CollectSink<KeySum> sink = newSink();
        env.fromSequence(0, n - 1).setParallelism(1).keyBy(v -> v % 7).process(new SumUntilNine()).addSink(sink);

        // When
        env.execute("clear");

        // Then
        List<KeySum> expected = new ArrayList<>();
        Map<Long, Long> running = new HashMap<>();
        for (long v = 0; v < n; v++) {
            long next = running.getOrDefault(v % 7, 0L) + v;
            if (v % 10 == 9) {
                expected.add(new KeySum(v % 7, next));
                running.remove(v % 7);
            } else {
                running.put(v % 7, next);
            }
        }
        assertEquals(sortedSums(expected), sortedSums(sink.results()));
    }

    private static List<String> sortedSums(List<KeySum> sums) {
        return sums.stream().map(s -> s.key() + "=" + s.sum()).sorted().toList();
    }

    @Test
    void when_reading_state_a_key_never_wrote_or_cleared_then_every_state_type_reports_it_absent()
            throws Exception {
        // Given
        long n = 3_000;
        StreamExecutionEnvironment env = env(3);
        CollectSink<Check> sink = newSink();
        env.fromSequence(0, n - 1).keyBy(v -> v % 500).process(new AbsentAndClearedStates()).addSink(sink);

        // When
        env.execute("absent state");

        // Then
        List<Check> checks = sink.results();
        List<Check> failed = checks.stream().filter(c -> !c.ok()).toList();
        assertEquals(List.of(), failed);
        Map<String, Long> byWhat = checks.stream().collect(Collectors.groupingBy(Check::what, Collectors.counting()));
        assertEquals(Map.of("absent before first record", 500L, "present after update", n,
                "absent after clear", 500L), byWhat);
    }

    @Test
    void when_reducing_a_keyed_stream_then_it_emits_a_rolling_reduction_ending_with_the_full_one()
            throws Exception {
        // Given
        long n = 10_000;
        StreamExecutionEnvironment env = env(2);
        CollectSink<KV> sink = newSink();
        env.fromSequence(1, n)
                .map(v -> new KV(v % 10, v))
                .keyBy(KV::key)
                .reduce((a, b) -> new KV(a.key(), a.value() + b.value()))
                .addSink(sink);

        // When
        env.execute("rolling reduce");

        // Then: per key, one output per input, increasing, the last one the full sum
        Map<Long, List<Long>> emitted = new TreeMap<>();
        for (KV kv : sink.results()) {
            emitted.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
        }
        Map<Long, List<Long>> inputs = groupInOrder(n + 1, v -> v % 10);
        inputs.get(0L).remove(Long.valueOf(0)); // the sequence starts at 1
        assertEquals(inputs.keySet(), emitted.keySet());
        for (Map.Entry<Long, List<Long>> entry : emitted.entrySet()) {
            List<Long> outputs = entry.getValue();
            List<Long> in = inputs.get(entry.getKey());
            assertEquals(in.size(), outputs.size(), "outputs of key " + entry.getKey());
            assertEquals(new TreeSet<>(outputs).stream().toList(), outputs, "increasing rolling sums");
            assertEquals(in.stream().mapToLong(Long::longValue).sum(), outputs.get(outputs.size() - 1));
        }
    }

    @Test
    void when_a_rich_filter_keeps_the_first_record_of_each_key_then_the_stream_becomes_distinct() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(3);
        CollectSink<Long> sink = newSink();
        env.fromSequence(0, 9_999).setParallelism(2)
                .map(v -> v * v % 1_001)
                .keyBy(v -> v)
                .filter(new FirstOccurrence())
                .addSink(sink);

        // When
        env.execute("distinct");

        // Then
        List<Long> expected = LongStream.range(0, 10_000).map(v -> v * v % 1_001).distinct().sorted().boxed().toList();
        List<Long> actual = new ArrayList<>(sink.results());
        actual.sort(null);
        assertEquals(expected, actual);
    }

    @Test
    void when_a_rich_map_counts_in_keyed_state_then_each_key_counts_from_one() throws Exception {
        // Given
        long n = 4_000;
        StreamExecutionEnvironment env = env(2);
        CollectSink<KeyCount> sink = newSink();
        env.fromSequence(0, n - 1).keyBy(v -> v % 100).map(new CountingMap()).addSink(sink);

        // When
        env.execute("rich map");

        // Then
        assertEquals(runningCounts(n, v -> v % 100), sortedCountsPerKey(sink.results()));
    }

    @Test
    void when_a_rich_flat_map_emits_every_third_record_per_key_then_the_choice_follows_each_keys_order()
            throws Exception {
        // Given: one source subtask, so each key's records arrive in input order
        long n = 3_000;
        StreamExecutionEnvironment env = env(3);
        CollectSink<Long> sink = newSink();
        env.fromSequence(0, n - 1).setParallelism(1).keyBy(v -> v % 13).flatMap(new EveryThird()).addSink(sink);

        // When
        env.execute("rich flatMap");

        // Then
        List<Long> expected = new ArrayList<>();
        groupInOrder(n, v -> v % 13).values().forEach(values -> {
            for (int i = 2; i < values.size(); i += 3) {
                expected.add(values.get(i));
            }
        });
        expected.sort(null);
        List<Long> actual = new ArrayList<>(sink.results());
        actual.sort(null);
        assertEquals(expected, actual);
    }

    @Test
    void when_two_streams_are_unioned_then_keyed_then_each_key_counts_records_of_both() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        CollectSink<KeyCount> sink = newSink();
        DataStream<Long> first = env.fromSequence(0, 2_999);
        DataStream<Long> second = env.fromSequence(10_000, 10_999).setParallelism(1);
        first.union(second).keyBy(v -> v % 64).process(new CountPerKey()).addSink(sink);

        // When
        env.execute("union then keyBy");

        // Then
        Map<Long, Long> expected = LongStream.concat(LongStream.range(0, 3_000), LongStream.range(10_000, 11_000))
                .boxed().collect(Collectors.groupingBy(v -> v % 64, TreeMap::new, Collectors.counting()));
        assertEquals(expected, finalCountsPerKey(sink.results()));
        assertEquals(4_000, sink.results().size());
    }

    @Test
    void given_the_same_input_when_counting_per_key_at_parallelism_1_and_4_then_the_counts_are_equal()
            throws Exception {
        // Given
        long n = 8_000;

        // When
        Map<Long, Long> atOne = countPerKeyAt(n, 1);
        Map<Long, Long> atFour = countPerKeyAt(n, 4);

        // Then
        Map<Long, Long> expected = LongStream.range(0, n).boxed()
                .collect(Collectors.groupingBy(v -> v % 1_000 * 31, TreeMap::new, Collectors.counting()));
        assertEquals(expected, atOne);
        assertEquals(expected, atFour);
    }

    private Map<Long, Long> countPerKeyAt(long n, int parallelism) throws Exception {
        StreamExecutionEnvironment env = env(parallelism);
        CollectSink<KeyCount> sink = newSink();
        env.fromSequence(0, n - 1).keyBy(v -> v % 1_000 * 31).process(new CountPerKey()).addSink(sink);
        env.execute("count at " + parallelism);
        return finalCountsPerKey(sink.results());
    }
}
