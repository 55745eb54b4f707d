package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Collections and keys that Flink treats differently. */
class BreakCollectionsJobTest extends EmbeddedNodeTestBase {

    public static class Ranking {
        public String name;
        public Map<String, Long> scores = new TreeMap<>(Comparator.reverseOrder());
        public List<Long> history = new LinkedList<>();
    }

    static final class ToRanking implements MapFunction<Long, Ranking> {
        @Override
        public Ranking map(Long v) {
            Ranking r = new Ranking();
            r.name = "r" + v;
            for (String s : new String[] {"b", "a", "d", "c", "e", "zz", "m"}) {
                r.scores.put(s, v);
            }
            r.history.add(v);
            return r;
        }
    }

    static final class DescribeRanking implements MapFunction<Ranking, String> {
        @Override
        public String map(Ranking r) {
            return r.name + " " + r.scores.getClass().getSimpleName() + r.scores.keySet() + " "
                    + r.history.getClass().getSimpleName();
        }
    }

    /**
     * Flink extracts a field of interface type {@code Map}/{@code List} as a generic type (Kryo), which writes the
     * concrete class and the TreeMap's comparator: the record comes out as it went in.
     */
    @Test
    void pojo_with_a_sorted_map_and_linked_list_keep_them_between_operators() throws Exception {
        StreamExecutionEnvironment env = env(2);
        CollectSink<String> sink = newSink();
        env.fromSequence(0, 1).map(new ToRanking()).rebalance().map(new DescribeRanking()).addSink(sink);
        env.execute("sorted map");
        assertEquals(List.of("r0 TreeMap[zz, m, e, d, c, b, a] LinkedList", "r1 TreeMap[zz, m, e, d, c, b, a] LinkedList"),
                sink.results().stream().sorted().toList());
    }

    // ------------------------------------------------------------ a POJO key without hashCode

    public static class PlainKey {
        public String id;
    }

    static final class ToPlainKey implements KeySelector<Long, PlainKey> {
        @Override
        public PlainKey getKey(Long v) {
            PlainKey k = new PlainKey();
            k.id = "k" + (v % 3);
            return k;
        }
    }

    /** Flink: InvalidProgramException "This type (PojoType<PlainKey...>) cannot be used as key" at keyBy. */
    @Test
    void keying_by_a_pojo_without_hash_code_is_refused() {
        StreamExecutionEnvironment env = env(2);
                CollectSink<Long> sums = newSink();
        Exception e = assertThrows(Exception.class, () -> {
            env.fromSequence(0, 299).keyBy(new ToPlainKey()).reduce((a, b) -> a + b).addSink(sums);
            env.execute("pojo key");
        }, () -> "ran; largest rolling sums " + sums.results().stream().sorted(Comparator.reverseOrder()).limit(3)
                .toList() + " (correct keys would give 15050, 14950, 14850)");
    }

    static final class ToArrayKey implements KeySelector<Long, long[]> {
        @Override
        public long[] getKey(Long v) {
            return new long[] {v % 3};
        }
    }

    /** Flink: InvalidProgramException "... cannot be used as key" for arrays. */
    @Test
    void keying_by_an_array_is_refused() {
        StreamExecutionEnvironment env = env(2);
        CollectSink<Long> sums = newSink();
        Exception e = assertThrows(Exception.class, () -> {
            env.fromSequence(0, 299).keyBy(new ToArrayKey()).reduce((a, b) -> a + b).addSink(sums);
            env.execute("array key");
        }, () -> "ran; largest rolling sums " + sums.results().stream().sorted(Comparator.reverseOrder()).limit(3)
                .toList() + " (correct keys would give 15050, 14950, 14850)");
    }

    static final class SortedMapState
            extends io.flinkstream.api.KeyedProcessFunction<String, Long, String> {
        private transient io.flinkstream.api.state.ValueState<Map<String, Long>> state;

        @Override
        public void open(io.flinkstream.api.OpenContext ctx) {
            state = getRuntimeContext().getState(new io.flinkstream.api.state.ValueStateDescriptor<>("sorted",
                    io.flinkstream.api.typeinfo.TypeInformation.of(new io.flinkstream.api.typeinfo.TypeHint<Map<String, Long>>() {
                    })));
        }

        @Override
        public void processElement(Long v, Context ctx, io.flinkstream.api.Collector<String> out) throws Exception {
            Map<String, Long> m = state.value();
            if (m == null) {
                m = new TreeMap<>();
            }
            m.put("v" + v, v);
            state.update(m);
            out.collect(state.value().getClass().getSimpleName() + state.value().keySet());
        }
    }

    /** Flink: TypeHint<Map<..>> is a generic type (Kryo), the TreeMap stays a TreeMap, its keys sorted. */
    @Test
    void sorted_map_in_value_state_stays_sorted() throws Exception {
        StreamExecutionEnvironment env = env(1);
        CollectSink<String> sink = newSink();
        env.fromElements(30L, 4L, 200L, 1L).keyBy(v -> "k").process(new SortedMapState()).addSink(sink);
        env.execute("sorted state");
        assertEquals("TreeMap[v1, v200, v30, v4]", sink.results().get(3));
    }
}
