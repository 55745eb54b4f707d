package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FlatMapFunction;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Functions that emit one mutable object again and again, changing it after each emit (legal without object reuse:
 * Flink copies at collect time): downstream must see the value at each emit. Every type is a different copy path.
 */
class BreakMutateAfterEmitJobTest extends EmbeddedNodeTestBase {

    public record Bag(String key, List<Long> items) {
    }

    public static class Item {
        public long total;
    }

    public static class Box<T> {
        public T value;
        public List<T> more = new ArrayList<>();
    }

    static final class BagEmitter implements FlatMapFunction<Long, Bag> {
        @Override
        public void flatMap(Long v, Collector<Bag> out) {
            Bag bag = new Bag("b" + v, new ArrayList<>());
            for (long i = 0; i < 3; i++) {
                bag.items().add(i);
                out.collect(bag);
            }
        }
    }

    static final class BoxEmitter implements FlatMapFunction<Long, Box<Item>> {
        @Override
        public void flatMap(Long v, Collector<Box<Item>> out) {
            Box<Item> box = new Box<>();
            box.value = new Item();
            for (long i = 1; i <= 3; i++) {
                box.value.total = i;
                Item extra = new Item();
                extra.total = 10 * i;
                box.more.add(extra);
                out.collect(box);
            }
        }
    }

    static final class ArrayTupleEmitter implements FlatMapFunction<Long, Tuple2<String, long[]>> {
        @Override
        public void flatMap(Long v, Collector<Tuple2<String, long[]>> out) {
            Tuple2<String, long[]> t = Tuple2.of("t" + v, new long[1]);
            for (long i = 1; i <= 3; i++) {
                t.f1[0] = i;
                out.collect(t);
            }
        }
    }

    static final class DescribeBag implements MapFunction<Bag, String> {
        @Override
        public String map(Bag b) {
            return b.key() + b.items();
        }
    }

    static final class DescribeBox implements MapFunction<Box<Item>, String> {
        @Override
        public String map(Box<Item> b) {
            StringBuilder s = new StringBuilder(b.value.total + ":");
            for (Item i : b.more) {
                s.append(i.total).append(',');
            }
            return s.toString();
        }
    }

    static final class DescribeArrayTuple implements MapFunction<Tuple2<String, long[]>, String> {
        @Override
        public String map(Tuple2<String, long[]> t) {
            return t.f0 + "=" + t.f1[0];
        }
    }

    @Test
    void record_with_list_component_changed_after_emit() throws Exception {
        StreamExecutionEnvironment env = env(2);
        CollectSink<String> sink = newSink();
        env.fromSequence(0, 0).flatMap(new BagEmitter()).rebalance().map(new DescribeBag()).addSink(sink);
        env.execute("bag");
        assertEquals(List.of("b0[0, 1, 2]", "b0[0, 1]", "b0[0]"), sink.results().stream().sorted().toList());
    }

    @Test
    void generic_pojo_box_changed_after_emit() throws Exception {
        StreamExecutionEnvironment env = env(2);
        CollectSink<String> sink = newSink();
        env.fromSequence(0, 0).flatMap(new BoxEmitter()).returns(new TypeHint<Box<Item>>() {
        }).rebalance().map(new DescribeBox()).addSink(sink);
        env.execute("box");
        assertEquals(List.of("1:10,", "2:10,20,", "3:10,20,30,"), sink.results().stream().sorted().toList());
    }

    @Test
    void generic_pojo_box_without_returns_changed_after_emit() throws Exception {
        StreamExecutionEnvironment env = env(2);
        CollectSink<String> sink = newSink();
        env.fromSequence(0, 0).flatMap(new BoxEmitter()).rebalance().map(new DescribeBox()).addSink(sink);
        env.execute("box2");
        assertEquals(List.of("1:10,", "2:10,20,", "3:10,20,30,"), sink.results().stream().sorted().toList());
    }

    @Test
    void tuple_of_array_changed_after_emit() throws Exception {
        StreamExecutionEnvironment env = env(2);
        CollectSink<String> sink = newSink();
        env.fromSequence(0, 0).flatMap(new ArrayTupleEmitter()).rebalance().map(new DescribeArrayTuple())
                .addSink(sink);
        env.execute("array tuple");
        assertEquals(List.of("t0=1", "t0=2", "t0=3"), sink.results().stream().sorted().toList());
    }

    @Test
    void tuple_of_array_changed_after_emit_chained_map() throws Exception {
        StreamExecutionEnvironment env = env(1);
        CollectSink<String> sink = newSink();
        env.fromSequence(0, 0).flatMap(new ArrayTupleEmitter()).map(new DescribeArrayTuple()).addSink(sink);
        env.execute("array tuple chained");
        assertEquals(List.of("t0=1", "t0=2", "t0=3"), sink.results().stream().sorted().toList());
    }
}
