package io.flinkstream.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.AggregateFunction;
import io.flinkstream.api.ReduceFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class StateDescriptorTest {

    /** Keeps a running sum and count; a named class so that it serializes without capturing anything. */
    static final class Average implements AggregateFunction<Long, long[], Double> {
        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Long value, long[] acc) {
            acc[0] += value;
            acc[1]++;
            return acc;
        }

        @Override
        public Double getResult(long[] acc) {
            return (double) acc[0] / acc[1];
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            a[0] += b[0];
            a[1] += b[1];
            return a;
        }
    }

    @Test
    void when_descriptorsAreCreated_then_theyReportNameTypeAndClasses() throws Exception {
        // Given / When
        ValueStateDescriptor<Long> value = new ValueStateDescriptor<>("count", Long.class);
        ListStateDescriptor<String> list = new ListStateDescriptor<>("pending", String.class);
        MapStateDescriptor<String, Long> map = new MapStateDescriptor<>("lastSeen", String.class, Long.class);
        ReducingStateDescriptor<Long> reducing = new ReducingStateDescriptor<>("sum", Long::sum, Long.class);
        AggregatingStateDescriptor<Long, long[], Double> aggregating =
                new AggregatingStateDescriptor<>("avg", new Average(), long[].class);

        // Then
        assertEquals("count", value.getName());
        assertEquals(StateDescriptor.Type.VALUE, value.getType());
        assertSame(Long.class, value.getTypeClass());
        assertEquals(StateDescriptor.Type.LIST, list.getType());
        assertSame(String.class, list.getElementClass());
        assertEquals(StateDescriptor.Type.MAP, map.getType());
        assertSame(String.class, map.getUserKeyClass());
        assertSame(Long.class, map.getUserValueClass());
        assertEquals(StateDescriptor.Type.REDUCING, reducing.getType());
        assertEquals(3L, reducing.getReduceFunction().reduce(1L, 2L));
        assertEquals(StateDescriptor.Type.AGGREGATING, aggregating.getType());
        assertSame(long[].class, aggregating.getAccumulatorClass());
        assertEquals("MapState 'lastSeen' of java.lang.String to java.lang.Long", map.toString());
        assertEquals("ValueState 'count' of java.lang.Long", value.toString());
    }

    @Test
    void when_nameIsNullOrBlank_then_constructionFailsNamingTheProblem() {
        // Given / When
        NullPointerException nullName =
                assertThrows(NullPointerException.class, () -> new ValueStateDescriptor<>(null, Long.class));
        IllegalArgumentException blankName =
                assertThrows(IllegalArgumentException.class, () -> new ListStateDescriptor<>("  ", Long.class));

        // Then
        assertTrue(nullName.getMessage().contains("name"), nullName.getMessage());
        assertTrue(blankName.getMessage().contains("must not be empty"), blankName.getMessage());
    }

    @Test
    void when_classIsNullOrPrimitive_then_constructionFailsNamingTheStateAndTheClassRole() {
        // Given / When
        NullPointerException nullClass =
                assertThrows(NullPointerException.class, () -> new ValueStateDescriptor<Long>("count", (Class<Long>) null));
        NullPointerException nullKeyClass = assertThrows(NullPointerException.class,
                () -> new MapStateDescriptor<String, Long>("lastSeen", (Class<String>) null, Long.class));
        IllegalArgumentException primitive =
                assertThrows(IllegalArgumentException.class, () -> new ValueStateDescriptor<>("count", long.class));

        // Then
        assertTrue(nullClass.getMessage().contains("'count'") && nullClass.getMessage().contains("value class"),
                nullClass.getMessage());
        assertTrue(nullKeyClass.getMessage().contains("user key class"), nullKeyClass.getMessage());
        assertTrue(primitive.getMessage().contains("wrapper class"), primitive.getMessage());
    }

    @Test
    void when_functionIsNull_then_constructionFailsNamingTheFunction() {
        // Given / When
        NullPointerException reduce = assertThrows(NullPointerException.class,
                () -> new ReducingStateDescriptor<Long>("sum", null, Long.class));
        NullPointerException aggregate = assertThrows(NullPointerException.class,
                () -> new AggregatingStateDescriptor<Long, long[], Double>("avg", null, long[].class));

        // Then
        assertTrue(reduce.getMessage().contains("reduce function"), reduce.getMessage());
        assertTrue(aggregate.getMessage().contains("aggregate function"), aggregate.getMessage());
    }

    @Test
    void when_descriptorIsSerializedAndRead_then_nameClassAndFunctionSurvive() throws Exception {
        // Given
        ReducingStateDescriptor<Long> reducing = new ReducingStateDescriptor<>("sum", Long::sum, Long.class);
        MapStateDescriptor<String, Long> map = new MapStateDescriptor<>("lastSeen", String.class, Long.class);

        // When
        ReducingStateDescriptor<Long> reducingCopy = roundTrip(reducing);
        MapStateDescriptor<String, Long> mapCopy = roundTrip(map);

        // Then
        assertEquals("sum", reducingCopy.getName());
        assertSame(Long.class, reducingCopy.getTypeClass());
        assertEquals(7L, reducingCopy.getReduceFunction().reduce(3L, 4L));
        assertSame(String.class, mapCopy.getUserKeyClass());
        assertSame(Long.class, mapCopy.getUserValueClass());
    }

    @Test
    void when_reduceFunctionIsALambda_then_itIsSerializableBecauseFunctionIs() throws Exception {
        // Given
        ReduceFunction<Integer> max = Math::max;

        // When
        ReduceFunction<Integer> copy = roundTrip(max);

        // Then
        assertEquals(5, copy.reduce(5, 2));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
