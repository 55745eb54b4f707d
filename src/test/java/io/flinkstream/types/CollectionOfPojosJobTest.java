package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code fromCollection} / {@code fromElements} of user classes that are not {@code Serializable}. */
class CollectionOfPojosJobTest extends EmbeddedNodeTestBase {

    /** A POJO as users write them: public fields, no-arg constructor, not Serializable. */
    public static class Reading {
        public String sensor;
        public double value;

        public Reading() {
        }

        Reading(String sensor, double value) {
            this.sensor = sensor;
            this.value = value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Reading r && r.sensor.equals(sensor) && r.value == value;
        }

        @Override
        public int hashCode() {
            return Objects.hash(sensor, value);
        }

        @Override
        public String toString() {
            return sensor + "=" + value;
        }
    }

    /** Not a POJO (no no-arg constructor, private final fields), not Serializable: the generic serializer's case. */
    public static final class Trade {
        private final String symbol;
        private final List<Long> prices;

        public Trade(String symbol, List<Long> prices) {
            this.symbol = symbol;
            this.prices = prices;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Trade t && t.symbol.equals(symbol) && t.prices.equals(prices);
        }

        @Override
        public int hashCode() {
            return Objects.hash(symbol, prices);
        }

        @Override
        public String toString() {
            return symbol + prices;
        }
    }

    @Test
    void given_non_serializable_pojos_when_read_from_a_collection_then_the_output_equals_the_input() throws Exception {
        // Given
        List<Reading> input = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            input.add(new Reading("sensor-" + i % 7, i * 0.5));
        }
        StreamExecutionEnvironment env = env(2);
        CollectSink<Reading> sink = newSink();

        // When they go through a collection source and a rebalance
        env.fromCollection(input).rebalance().filter(r -> true).addSink(sink);
        env.execute("collection of pojos");

        // Then every element arrives once (the source is non-parallel; rebalance interleaves, so compare sorted)
        assertEquals(sorted(input), sorted(sink.results()));
    }

    @Test
    void given_non_serializable_objects_without_a_no_arg_constructor_when_read_from_elements_then_the_output_equals_the_input()
            throws Exception {
        // Given
        Trade a = new Trade("ACME", new ArrayList<>(List.of(1L, 2L, 3L)));
        Trade b = new Trade("INIT", new ArrayList<>(List.of(7L)));
        StreamExecutionEnvironment env = env(1);
        CollectSink<Trade> sink = newSink();

        // When
        env.fromElements(a, b, a).addSink(sink);
        env.execute("elements without no-arg constructor");

        // Then, in order
        assertEquals(List.of(a, b, a), sink.results());
    }

    private static List<String> sorted(List<Reading> readings) {
        return readings.stream().map(Reading::toString).sorted().toList();
    }
}
