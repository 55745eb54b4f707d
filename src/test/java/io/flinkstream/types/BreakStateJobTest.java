package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.DataStream;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ReducingState;
import io.flinkstream.api.state.ReducingStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.tuple.Tuple3;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyed state of odd-but-legal mutable types, changed in place, checkpointed every 10 ms with one failure mid-run:
 * the final value per key must equal an uninterrupted run's (computed here by hand, order-insensitive summaries).
 */
class BreakStateJobTest extends EmbeddedNodeTestBase {
    static final long RECORDS = 20_000;
    static final int KEYS = 20;

    private final String failureSwitch = FailureSwitch.create();

    @AfterEach
    void forgetSwitch() {
        FailureSwitch.forget(failureSwitch);
    }

    /** Runs source -> fail-once map -> keyBy(v % KEYS) -> fn, and returns per key the summary at the highest count. */
    private Map<String, String> run(KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> fn, boolean fail)
            throws Exception {
        StreamExecutionEnvironment env = env(2);
        CollectSink<Tuple3<String, Long, String>> sink = newSink();
        DataStream<Long> source;
        if (fail) {
            env.enableCheckpointing(10);
            env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
            source = env.fromSource(new HeldRangeSource(RECORDS, failureSwitch), "held")
                    .map(new FailAfterCheckpointMap(failureSwitch)).name("fail");
        } else {
            source = env.fromSequence(0, RECORDS - 1);
        }
        source.keyBy(v -> "k" + (v % KEYS)).process(fn).name("fn").addSink(sink);
        JobExecutionResult result = env.execute("break state");
        if (fail) {
            assertEquals(1, result.metrics().restarts(), "restarts");
        }
        Map<String, Tuple3<String, Long, String>> best = new TreeMap<>();
        for (Tuple3<String, Long, String> t : sink.results()) {
            best.merge(t.f0, t, (a, b) -> a.f1 >= b.f1 ? a : b);
        }
        Map<String, String> out = new TreeMap<>();
        best.forEach((k, t) -> out.put(k, t.f1 + "|" + t.f2));
        return out;
    }

    /** What each key's records are: k, count, sum. */
    static Map<String, String> expectedCountSum() {
        Map<String, String> m = new TreeMap<>();
        for (int k = 0; k < KEYS; k++) {
            long count = 0;
            long sum = 0;
            for (long v = k; v < RECORDS; v += KEYS) {
                count++;
                sum += v;
            }
            m.put("k" + k, count + "|" + count + "," + sum);
        }
        return m;
    }

    // ---------------------------------------------------------------- long[] in ValueState, changed in place

    static final class ArrayState extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient ValueState<long[]> state;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("arr", long[].class));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            long[] a = state.value();
            if (a == null) {
                state.update(new long[2]);
                a = state.value();
            }
            a[0]++;
            a[1] += v;
            if (a[0] % 2 == 0) {
                state.update(a);
            }
            out.collect(Tuple3.of(ctx.getCurrentKey(), a[0], a[0] + "," + a[1]));
        }
    }

    @Test
    void long_array_value_state_changed_in_place() throws Exception {
        assertEquals(expectedCountSum(), run(new ArrayState(), true));
    }

    // ---------------------------------------------------------------- MapState<String, List<Long>> changed in place

    static final class MapOfLists extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient MapState<String, List<Long>> state;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getMapState(new MapStateDescriptor<>("m",
                    TypeInformation.of(String.class), TypeInformation.of(new TypeHint<List<Long>>() {
                    })));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            String sub = "s" + (v % 3);
            List<Long> l = state.get(sub);
            if (l == null) {
                l = new ArrayList<>();
                l.add(v);
                state.put(sub, l);
            } else {
                l.add(v); // in place, no put
            }
            long count = 0;
            long sum = 0;
            for (Map.Entry<String, List<Long>> e : state.entries()) {
                count += e.getValue().size();
                for (long x : e.getValue()) {
                    sum += x;
                }
            }
            out.collect(Tuple3.of(ctx.getCurrentKey(), count, count + "," + sum));
        }
    }

    @Test
    void map_state_of_lists_changed_in_place() throws Exception {
        assertEquals(expectedCountSum(), run(new MapOfLists(), true));
    }

    // ---------------------------------------------------------------- ListState of POJOs iterated and changed

    public static class Item {
        public String name;
        public long total;
        public List<Long> seen = new ArrayList<>();
    }

    static final class ListOfPojos extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient ListState<Item> state;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getListState(new ListStateDescriptor<>("items", Item.class));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            String name = "i" + (v % 3);
            boolean found = false;
            long count = 0;
            long sum = 0;
            for (Item item : state.get()) {
                if (item.name.equals(name)) {
                    item.total += v;       // in place, no update
                    item.seen.add(v);
                    found = true;
                }
            }
            if (!found) {
                Item item = new Item();
                item.name = name;
                item.total = v;
                item.seen.add(v);
                state.add(item);
            }
            for (Item item : state.get()) {
                count += item.seen.size();
                sum += item.total;
            }
            out.collect(Tuple3.of(ctx.getCurrentKey(), count, count + "," + sum));
        }
    }

    @Test
    void list_state_of_pojos_changed_while_iterated() throws Exception {
        assertEquals(expectedCountSum(), run(new ListOfPojos(), true));
    }

    // ---------------------------------------------------------------- ReducingState of a Tuple2 reduced in place

    static final class ReducingTuple extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient ReducingState<Tuple2<Long, Long>> state;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getReducingState(new ReducingStateDescriptor<>("r", (a, b) -> {
                a.f0 += b.f0;
                a.f1 += b.f1;
                return a;
            }, TypeInformation.of(new TypeHint<Tuple2<Long, Long>>() {
            })));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            state.add(Tuple2.of(1L, v));
            Tuple2<Long, Long> t = state.get();
            out.collect(Tuple3.of(ctx.getCurrentKey(), t.f0, t.f0 + "," + t.f1));
        }
    }

    @Test
    void reducing_state_of_tuple2_reduced_in_place() throws Exception {
        assertEquals(expectedCountSum(), run(new ReducingTuple(), true));
    }

    // ---------------------------------------------------------------- record with a mutable list component

    public record Bag(String key, List<Long> items) {
    }

    static final class RecordWithList extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient ValueState<Bag> state;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("bag", Bag.class));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            Bag bag = state.value();
            if (bag == null) {
                bag = new Bag(ctx.getCurrentKey(), new ArrayList<>());
                state.update(bag);
                bag = state.value();
            }
            bag.items().add(v); // in place, no update
            long sum = bag.items().stream().mapToLong(Long::longValue).sum();
            out.collect(Tuple3.of(bag.key(), (long) bag.items().size(), bag.items().size() + "," + sum));
        }
    }

    @Test
    void record_with_mutable_list_component_in_value_state() throws Exception {
        assertEquals(expectedCountSum(), run(new RecordWithList(), true));
    }

    // ---------------------------------------------------------------- Tuple2 with a null field, as state

    static final class NullFieldTuple extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient ValueState<Tuple3<String, Long, Long>> state;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("t",
                    TypeInformation.of(new TypeHint<Tuple3<String, Long, Long>>() {
                    })));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            Tuple3<String, Long, Long> t = state.value();
            if (t == null) {
                t = Tuple3.of(null, 0L, 0L);
            }
            t.f1 += 1;
            t.f2 += v;
            state.update(t);
            out.collect(Tuple3.of(ctx.getCurrentKey(), t.f1, t.f1 + "," + t.f2 + (t.f0 == null ? "" : "!")));
        }
    }

    @Test
    void tuple_with_null_field_in_value_state() throws Exception {
        assertEquals(expectedCountSum(), run(new NullFieldTuple(), true));
    }

    // ---------------------------------------------------------------- default value of a mutable type

    static final class MutableDefault extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient ValueState<long[]> counted;
        private transient ValueState<long[]> scratch;

        @Override
        public void open(OpenContext ctx) {
            counted = getRuntimeContext().getState(new ValueStateDescriptor<>("c", long[].class, new long[2]));
            scratch = getRuntimeContext().getState(new ValueStateDescriptor<>("s", long[].class, new long[1]));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            long[] c = counted.value();
            c[0]++;
            c[1] += v;
            counted.update(c);
            long[] s = scratch.value(); // the default, changed in place but never stored: Flink hands out a copy
            s[0]++;
            String mark = s[0] == 1 ? "" : "!scratch=" + s[0];
            out.collect(Tuple3.of(ctx.getCurrentKey(), c[0], c[0] + "," + c[1] + mark));
        }
    }

    @Test
    void value_state_default_of_mutable_type_changed_in_place() throws Exception {
        assertEquals(expectedCountSum(), run(new MutableDefault(), true));
    }

    @Test
    void value_state_default_of_mutable_type_changed_in_place_no_failure() throws Exception {
        assertEquals(expectedCountSum(), run(new MutableDefault(), false));
    }

    // ---------------------------------------------------------------- POJO subclass stored where state is superclass

    public static class Animal {
        public String name;
        public long count;
        public long sum;
    }

    public static class Dog extends Animal {
        public List<Long> bones = new ArrayList<>();
    }

    static final class SubclassInState extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient ValueState<Animal> state;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("a", Animal.class));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            Animal a = state.value();
            if (a == null) {
                a = new Dog();
                a.name = ctx.getCurrentKey();
            }
            a.count++;
            a.sum += v;
            ((Dog) a).bones.add(v);
            state.update(a);
            String mark = ((Dog) a).bones.size() == a.count ? "" : "!bones=" + ((Dog) a).bones.size();
            out.collect(Tuple3.of(a.name, a.count, a.count + "," + a.sum + mark));
        }
    }

    @Test
    void pojo_subclass_in_superclass_typed_value_state() throws Exception {
        assertEquals(expectedCountSum(), run(new SubclassInState(), true));
    }

    // ---------------------------------------------------------------- Tuple2 key with a null field

    @Test
    void tuple_key_with_null_field_through_key_by_and_state() throws Exception {
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        CollectSink<Tuple3<String, Long, String>> sink = newSink();
        env.fromSource(new HeldRangeSource(RECORDS, failureSwitch), "held")
                .map(new FailAfterCheckpointMap(failureSwitch)).name("fail")
                .keyBy(new NullTupleKey())
                .process(new CountPerTupleKey()).addSink(sink);
        JobExecutionResult result = env.execute("null tuple key");
        assertEquals(1, result.metrics().restarts(), "restarts");
        Map<String, Long> best = new TreeMap<>();
        sink.results().forEach(t -> best.merge(t.f0, t.f1, Math::max));
        Map<String, Long> expected = new TreeMap<>();
        for (int k = 0; k < KEYS; k++) {
            expected.put("k" + k, RECORDS / KEYS);
        }
        assertEquals(expected, best);
    }

    static final class NullTupleKey implements KeySelector<Long, Tuple2<String, Long>> {
        @Override
        public Tuple2<String, Long> getKey(Long v) {
            return Tuple2.of(v % 2 == 0 ? null : "odd", v % KEYS);
        }
    }

    static final class CountPerTupleKey
            extends KeyedProcessFunction<Tuple2<String, Long>, Long, Tuple3<String, Long, String>> {
                    private transient ValueState<Long> count;

                    @Override
                    public void open(OpenContext ctx) {
                        count = getRuntimeContext().getState(new ValueStateDescriptor<>("n", Long.class));
                    }

                    @Override
                    public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out)
                            throws Exception {
                        Long n = count.value();
                        n = n == null ? 1 : n + 1;
                        count.update(n);
                        out.collect(Tuple3.of("k" + ctx.getCurrentKey().f1, n, n + "," + ctx.getCurrentKey().f0));
                    }
}
}
