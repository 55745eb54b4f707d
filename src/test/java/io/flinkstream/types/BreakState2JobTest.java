package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.DataStream;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.tuple.Tuple3;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** More mutable state and records, with checkpoints every 10 ms and one failure mid-run. */
class BreakState2JobTest extends EmbeddedNodeTestBase {
    static final long RECORDS = BreakStateJobTest.RECORDS;
    static final int KEYS = BreakStateJobTest.KEYS;

    private final String failureSwitch = FailureSwitch.create();

    @AfterEach
    void forgetSwitch() {
        FailureSwitch.forget(failureSwitch);
    }

    private DataStream<Long> failingSource(StreamExecutionEnvironment env) {
        env.enableCheckpointing(10);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        return env.fromSource(new HeldRangeSource(RECORDS, failureSwitch), "held")
                .map(new FailAfterCheckpointMap(failureSwitch)).name("fail");
    }

    private static Map<String, String> best(List<Tuple3<String, Long, String>> results) {
        Map<String, Tuple3<String, Long, String>> best = new TreeMap<>();
        for (Tuple3<String, Long, String> t : results) {
            best.merge(t.f0, t, (a, b) -> a.f1 >= b.f1 ? a : b);
        }
        Map<String, String> out = new TreeMap<>();
        best.forEach((k, t) -> out.put(k, t.f1 + "|" + t.f2));
        return out;
    }

    // ---------------------------------------------------------------- MapState: iterator remove while iterating

    static final class MapIteratorRemove extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient MapState<Long, long[]> state;
        private transient ValueState<long[]> totals;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getMapState(new MapStateDescriptor<>("m", Long.class, long[].class));
            totals = getRuntimeContext().getState(new ValueStateDescriptor<>("t", long[].class, new long[2]));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            long sub = v % 5;
            long[] cell = state.get(sub);
            if (cell == null) {
                state.put(sub, new long[] {1, v});
            } else {
                cell[0]++;        // in place, no put
                cell[1] += v;
            }
            // every 7th record, fold cells holding >= 3 records into the totals and remove them while iterating
            long[] t = totals.value();
            if (v % 7 == 0) {
                for (Iterator<Map.Entry<Long, long[]>> it = state.iterator(); it.hasNext(); ) {
                    Map.Entry<Long, long[]> e = it.next();
                    if (e.getValue()[0] >= 3) {
                        t[0] += e.getValue()[0];
                        t[1] += e.getValue()[1];
                        it.remove();
                    }
                }
                totals.update(t);
            }
            long count = t[0];
            long sum = t[1];
            for (long[] c : state.values()) {
                count += c[0];
                sum += c[1];
            }
            out.collect(Tuple3.of(ctx.getCurrentKey(), count, count + "," + sum));
        }
    }

    @Test
    void map_state_cells_changed_in_place_and_removed_through_the_iterator() throws Exception {
        StreamExecutionEnvironment env = env(2);
        CollectSink<Tuple3<String, Long, String>> sink = newSink();
        failingSource(env).keyBy(v -> "k" + (v % KEYS)).process(new MapIteratorRemove()).addSink(sink);
        JobExecutionResult r = env.execute("map iterator");
        assertEquals(1, r.metrics().restarts());
        assertEquals(BreakStateJobTest.expectedCountSum(), best(sink.results()));
    }

    // ---------------------------------------------------------------- record with an array component, in place

    public record Vec(String key, long[] xs) {
    }

    static final class RecordArray extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient ValueState<Vec> state;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("vec", Vec.class));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            Vec vec = state.value();
            if (vec == null) {
                state.update(new Vec(ctx.getCurrentKey(), new long[2]));
                vec = state.value();
            }
            vec.xs()[0]++;
            vec.xs()[1] += v;
            out.collect(Tuple3.of(vec.key(), vec.xs()[0], vec.xs()[0] + "," + vec.xs()[1]));
        }
    }

    @Test
    void record_with_array_component_changed_in_place() throws Exception {
        StreamExecutionEnvironment env = env(2);
        CollectSink<Tuple3<String, Long, String>> sink = newSink();
        failingSource(env).keyBy(v -> "k" + (v % KEYS)).process(new RecordArray()).addSink(sink);
        JobExecutionResult r = env.execute("record array");
        assertEquals(1, r.metrics().restarts());
        assertEquals(BreakStateJobTest.expectedCountSum(), best(sink.results()));
    }

    // ---------------------------------------------------------------- state object emitted, then changed in place

    public static class Acc {
        public String key;
        public long count;
        public long sum;
        public List<Long> last = new ArrayList<>();
    }

    static final class EmitStateObject extends KeyedProcessFunction<String, Long, Acc> {
        private final boolean heapStyle;
        private transient ValueState<Acc> state;

        EmitStateObject(boolean heapStyle) {
            this.heapStyle = heapStyle;
        }

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("acc", Acc.class));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Acc> out) throws Exception {
            Acc acc = state.value();
            if (acc == null) {
                acc = new Acc();
                acc.key = ctx.getCurrentKey();
            }
            acc.count++;
            acc.sum += v;
            acc.last.add(v);
            state.update(acc);
            if (!heapStyle) {
                acc = state.value(); // update stored a copy: change the state's own object from here on
            }
            out.collect(acc);   // then changed by the next records of the key
            acc.last.clear();
        }
    }

    static final class AccToTuple implements MapFunction<Acc, Tuple3<String, Long, String>> {
        @Override
        public Tuple3<String, Long, String> map(Acc a) {
            return Tuple3.of(a.key, a.count, a.count + "," + a.sum + (a.last.size() == 1 ? "" : "!last=" + a.last));
        }
    }

    private List<Tuple3<String, Long, String>> emitStateObject(boolean fail) throws Exception {
        return emitStateObject(fail, false);
    }

    private List<Tuple3<String, Long, String>> emitStateObject(boolean fail, boolean heapStyle) throws Exception {
        StreamExecutionEnvironment env = env(2);
        CollectSink<Tuple3<String, Long, String>> sink = newSink();
        DataStream<Long> src = fail ? failingSource(env) : env.fromSequence(0, RECORDS - 1);
        src.keyBy(v -> "k" + (v % KEYS)).process(new EmitStateObject(heapStyle)).rebalance().map(new AccToTuple())
                .addSink(sink);
        JobExecutionResult r = env.execute("emit state object");
        assertEquals(fail ? 1 : 0, r.metrics().restarts());
        return sink.results();
    }

    @Test
    void state_object_emitted_then_changed_downstream_sees_each_value_once() throws Exception {
        List<Tuple3<String, Long, String>> results = emitStateObject(false);
        assertEquals(RECORDS, results.size());
        Map<String, Long> distinct = new TreeMap<>();
        results.stream().map(t -> t.f0 + "#" + t.f1).distinct().forEach(s -> distinct.merge(s.split("#")[0], 1L, Long::sum));
        for (int k = 0; k < KEYS; k++) {
            assertEquals(RECORDS / KEYS, distinct.get("k" + k), "distinct counts of k" + k);
        }
        assertEquals(BreakStateJobTest.expectedCountSum(), best(results));
        assertEquals(List.of(), results.stream().filter(t -> t.f2.contains("!")).limit(3).toList(), "records changed after emit");
    }

    /**
     * Flink's heap backend (its default) stores the very object given to {@code update}, so a change made to it after
     * {@code update} (here {@code acc.last.clear()} after emitting) reaches the state: no "!" record. FlinkStream
     * stores a copy (documented in types.md, as RocksDB would), so the first record's list is never cleared and the
     * second record of every key shows {@code last=[v0, v1]}.
     */
    @org.junit.jupiter.api.Disabled("DIVERGENCE (documented): update(newObject) stores a copy; later in-place changes "
            + "to the caller's object are lost, unlike Flink's heap backend")
    @Test
    void new_object_updated_then_changed_in_place_reaches_state_as_on_flinks_heap_backend() throws Exception {
        List<Tuple3<String, Long, String>> results = emitStateObject(false, true);
        assertEquals(List.of(), results.stream().filter(t -> t.f2.contains("!")).limit(3).toList());
    }

    @Test
    void state_object_emitted_then_changed_with_failure() throws Exception {
        List<Tuple3<String, Long, String>> results = emitStateObject(true);
        assertEquals(BreakStateJobTest.expectedCountSum(), best(results));
        assertEquals(List.of(), results.stream().filter(t -> t.f2.contains("!")).limit(3).toList(), "records changed after emit");
    }

    // ---------------------------------------------------------------- object reuse, keyed reduce in place, failure

    static final class ToTriple implements MapFunction<Long, Tuple3<String, Long, Long>> {
        @Override
        public Tuple3<String, Long, Long> map(Long v) {
            return Tuple3.of("k" + (v % KEYS), 1L, v);
        }
    }

    static final class TripleSummary implements MapFunction<Tuple3<String, Long, Long>, Tuple3<String, Long, String>> {
        @Override
        public Tuple3<String, Long, String> map(Tuple3<String, Long, Long> t) {
            return Tuple3.of(t.f0, t.f1, t.f1 + "," + t.f2);
        }
    }

    private void reuseReduce(boolean reuse) throws Exception {
        StreamExecutionEnvironment env = env(2);
        if (reuse) {
            env.getConfig().enableObjectReuse();
        }
        CollectSink<Tuple3<String, Long, String>> sink = newSink();
        failingSource(env).map(new ToTriple()).keyBy(t -> t.f0).reduce((a, b) -> {
            a.f1 += b.f1;
            a.f2 += b.f2;
            return a;
        }).map(new TripleSummary()).addSink(sink);
        JobExecutionResult r = env.execute("reuse reduce failure");
        assertEquals(1, r.metrics().restarts());
        assertEquals(BreakStateJobTest.expectedCountSum(), best(sink.results()));
        // every rolling value once per key (at least once: duplicates after the restart are fine)
        Map<String, Long> distinct = new TreeMap<>();
        sink.results().stream().map(t -> t.f0 + "#" + t.f1).distinct()
                .forEach(s -> distinct.merge(s.split("#")[0], 1L, Long::sum));
        for (int k = 0; k < KEYS; k++) {
            assertEquals(RECORDS / KEYS, distinct.get("k" + k), "distinct rolling counts of k" + k);
        }
    }

    @Test
    void keyed_reduce_in_place_with_failure() throws Exception {
        reuseReduce(false);
    }

    @Test
    void keyed_reduce_in_place_with_object_reuse_and_failure() throws Exception {
        reuseReduce(true);
    }

    // ---------------------------------------------------------------- disableGenericTypes, POJO state, failure

    public static class Line {
        public String sku;
        public long qty;
    }

    public static class Basket {
        public String key;
        public List<Line> lines = new ArrayList<>();
        public Map<String, Long> bySku = new java.util.HashMap<>();
        public long sum;
    }

    static final class BasketFn extends KeyedProcessFunction<String, Long, Tuple3<String, Long, String>> {
        private transient ValueState<Basket> state;

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("basket", Basket.class));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple3<String, Long, String>> out) throws Exception {
            Basket b = state.value();
            if (b == null) {
                b = new Basket();
                b.key = ctx.getCurrentKey();
            }
            Line l = new Line();
            l.sku = "s" + (v % 4);
            l.qty = 1;
            b.lines.add(l);
            b.bySku.merge(l.sku, 1L, Long::sum);
            b.sum += v;
            state.update(b);
            long count = b.bySku.values().stream().mapToLong(Long::longValue).sum();
            out.collect(Tuple3.of(b.key, (long) b.lines.size(), count + "," + b.sum));
        }
    }

    @Test
    void disable_generic_types_with_pojo_state_and_failure() throws Exception {
        StreamExecutionEnvironment env = env(2);
        env.getConfig().disableGenericTypes();
        CollectSink<Tuple3<String, Long, String>> sink = newSink();
        failingSource(env).keyBy(v -> "k" + (v % KEYS)).process(new BasketFn()).addSink(sink);
        JobExecutionResult r = env.execute("no generics state");
        assertEquals(1, r.metrics().restarts());
        assertEquals(BreakStateJobTest.expectedCountSum(), best(sink.results()));
    }
}
