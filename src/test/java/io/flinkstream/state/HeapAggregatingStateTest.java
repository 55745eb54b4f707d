package io.flinkstream.state;

import static io.flinkstream.state.KeyedBackendFixture.setKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flinkstream.api.AggregateFunction;
import io.flinkstream.api.state.AggregatingState;
import io.flinkstream.api.state.AggregatingStateDescriptor;
import org.junit.jupiter.api.Test;

class HeapAggregatingStateTest {

    /** Averages longs with a (sum, count) accumulator changed in place, and counts the accumulators it creates. */
    static final class CountingAverage implements AggregateFunction<Long, long[], Double> {
        int accumulatorsCreated;

        @Override
        public long[] createAccumulator() {
            accumulatorsCreated++;
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

    private final HeapKeyedStateBackend backend = KeyedBackendFixture.allKeyGroups();
    private final CountingAverage average = new CountingAverage();
    private final AggregatingState<Long, Double> state =
            backend.getOrCreateKeyedState(new AggregatingStateDescriptor<>("avg", average, long[].class));

    @Test
    void when_valuesAreAdded_then_getReturnsTheResultPerKeyWithOneAccumulatorPerKey() throws Exception {
        // Given
        setKey(backend, "a");
        Double empty = state.get();

        // When
        state.add(1L);
        state.add(3L);
        setKey(backend, "b");
        state.add(10L);

        // Then
        assertNull(empty);
        assertEquals(10.0, state.get());
        setKey(backend, "a");
        assertEquals(2.0, state.get());
        assertEquals(2, average.accumulatorsCreated);
    }

    @Test
    void when_clearIsCalled_then_theNextAddCreatesAFreshAccumulator() throws Exception {
        // Given
        setKey(backend, "k");
        state.add(100L);

        // When
        state.clear();
        Double cleared = state.get();
        state.add(4L);

        // Then
        assertNull(cleared);
        assertEquals(4.0, state.get());
        assertEquals(2, average.accumulatorsCreated);
    }

    @Test
    void when_nullIsAdded_then_itIsRejected() {
        // Given
        setKey(backend, "k");

        // When / Then
        assertThrows(NullPointerException.class, () -> state.add(null));
    }
}
