package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FlatMapFunction;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Functions that emit one mutable object again and again, changing it in between, as Flink's examples do (the
 * {@code WindowJoin} sample's reused {@code Tuple2}): without object reuse every downstream operator must see each
 * value as it was emitted, chained or across the network.
 */
class ReusedRecordJobTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 5_000;

    /** A mutable POJO, not Serializable. */
    public static class Counter {
        public long id;
        public long copy;

        @Override
        public String toString() {
            return id + "/" + copy;
        }
    }

    /** Returns the same Tuple2 for every input, set to (v % 10, v). */
    static final class ReusingTupleMap implements MapFunction<Long, Tuple2<Long, Long>> {
        private final Tuple2<Long, Long> reuse = new Tuple2<>();

        @Override
        public Tuple2<Long, Long> map(Long value) {
            reuse.f0 = value % 10;
            reuse.f1 = value;
            return reuse;
        }
    }

    /** Collects one Counter three times per input, changing it before each collect (made on first use: functions
     * are Java-serialized, Counter is not Serializable). */
    static final class ReusingPojoFlatMap implements FlatMapFunction<Long, Counter> {
        private transient Counter reuse;

        @Override
        public void flatMap(Long value, Collector<Counter> out) {
            if (reuse == null) {
                reuse = new Counter();
            }
            for (long c = 0; c < 3; c++) {
                reuse.id = value;
                reuse.copy = c;
                out.collect(reuse);
            }
        }
    }

    @Test
    void given_a_map_returning_one_reused_tuple_when_chained_to_the_sink_then_the_sink_gets_every_value()
            throws Exception {
        // Given a map chained to the sink (parallelism 1, forward edge)
        StreamExecutionEnvironment env = env(1);
        CollectSink<Tuple2<Long, Long>> sink = newSink();
        env.fromSequence(0, RECORDS - 1).map(new ReusingTupleMap()).addSink(sink);

        // When
        env.execute("reused tuple, chained");

        // Then every value arrived as it was emitted
        assertEquals(LongStream.range(0, RECORDS).boxed().toList(), sink.results().stream().map(t -> t.f1).toList());
        sink.results().forEach(t -> assertEquals(t.f1 % 10, t.f0, "key of " + t.f1));
    }

    @Test
    void given_a_map_returning_one_reused_tuple_when_sent_across_a_key_by_then_every_value_arrives() throws Exception {
        // Given the reused tuple crosses a keyBy between two subtasks each
        StreamExecutionEnvironment env = env(2);
        CollectSink<Tuple2<Long, Long>> sink = newSink();
        env.fromSequence(0, RECORDS - 1).map(new ReusingTupleMap())
                .keyBy(t -> t.f0)
                .filter(t -> true)
                .addSink(sink);

        // When
        env.execute("reused tuple, key by");

        // Then
        assertEquals(LongStream.range(0, RECORDS).boxed().toList(), sortedSecondFields(sink.results()));
        sink.results().forEach(t -> assertEquals(t.f1 % 10, t.f0, "key of " + t.f1));
    }

    @Test
    void given_a_flat_map_collecting_one_reused_pojo_when_chained_and_rebalanced_then_every_value_arrives()
            throws Exception {
        // Given one sink chained to the flat map, one behind a rebalance
        StreamExecutionEnvironment env = env(2);
        CollectSink<Counter> chained = newSink();
        CollectSink<Counter> rebalanced = newSink();
        var counters = env.fromSequence(0, RECORDS - 1).flatMap(new ReusingPojoFlatMap());
        counters.addSink(chained);
        counters.rebalance().addSink(rebalanced);

        // When
        env.execute("reused pojo, chained and rebalanced");

        // Then both got all 3 * RECORDS distinct values
        List<String> expected = LongStream.range(0, RECORDS)
                .boxed().flatMap(v -> LongStream.range(0, 3).mapToObj(c -> v + "/" + c)).sorted().toList();
        assertEquals(expected, chained.results().stream().map(Counter::toString).sorted().toList(), "chained");
        assertEquals(expected, rebalanced.results().stream().map(Counter::toString).sorted().toList(), "rebalanced");
    }

    @Test
    void given_object_reuse_when_a_map_returns_one_reused_tuple_to_a_chained_sink_then_the_sink_holds_that_one_object()
            throws Exception {
        // Given object reuse, Flink's contract: a chained operator gets the very object the function emitted, so
        // a function that keeps what it received (as this sink does) sees it change
        StreamExecutionEnvironment env = env(1);
        env.getConfig().enableObjectReuse();
        CollectSink<Tuple2<Long, Long>> sink = newSink();
        env.fromSequence(0, RECORDS - 1).map(new ReusingTupleMap()).addSink(sink);

        // When
        env.execute("reused tuple, object reuse");

        // Then every element the sink kept is the one reused tuple, holding the last value
        List<Tuple2<Long, Long>> results = sink.results();
        assertEquals(RECORDS, results.size());
        results.forEach(t -> assertSame(results.get(0), t));
        assertEquals(RECORDS - 1, results.get(0).f1);
    }

    private static List<Long> sortedSecondFields(List<Tuple2<Long, Long>> tuples) {
        return tuples.stream().map(t -> t.f1).sorted().toList();
    }
}
