package io.flinkstream.breakit;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.FlatMapFunction;
import io.flinkstream.api.Collector;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The first-record type check must not fail legitimate jobs whose first record is a subclass. */
class BreakFirstRecordJobTest extends EmbeddedNodeTestBase {

    public static class Animal {
        public String name;

        public Animal() {
        }
    }

    public static class Dog extends Animal {
        public int bark;

        public Dog() {
        }
    }

    /** Generic (Kryo): no no-arg constructor. */
    public static class Shape {
        final String n;

        Shape(String n) {
            this.n = n;
        }
    }

    public static final class Square extends Shape {
        final int side;

        Square(int side) {
            super("sq");
            this.side = side;
        }
    }

    static final class ToAnimal implements MapFunction<Long, Animal> {
        public Animal map(Long v) {
            Animal a = v == 0 ? new Dog() : new Animal();
            a.name = "a" + v;
            return a;
        }
    }

    static final class ToShape implements MapFunction<Long, Shape> {
        public Shape map(Long v) {
            return v == 0 ? new Square(4) : new Shape("s" + v);
        }
    }

    private void run(boolean reuse) throws Exception {
        StreamExecutionEnvironment env = env(1);
        if (reuse) {
            env.getConfig().enableObjectReuse();
        }
        CollectSink<String> sink = newSink();
        env.fromSequence(0, 9).map(new ToAnimal()).map(a -> a.name).returns(String.class).addSink(sink);
        env.fromSequence(0, 9).map(new ToShape()).map(s -> s.n).returns(String.class).addSink(sink);
        env.execute("first is subclass " + reuse);
        assertEquals(20, sink.results().size());
    }

    @Test
    void first_record_a_subclass_of_a_pojo_or_generic_type_runs() throws Exception {
        run(false);
        run(true);
    }
}
