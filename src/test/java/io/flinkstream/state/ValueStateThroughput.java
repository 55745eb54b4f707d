package io.flinkstream.state;

import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import java.util.HashMap;

/**
 * A by-hand throughput check, not a test: 1M Long keys, 20M {@code value()} + {@code update()} pairs, the way the
 * runtime drives the backend (key group computed per record). Run with
 * {@code java -cp target/classes:target/test-classes io.flinkstream.state.ValueStateThroughput}, without {@code -ea}
 * (the key group assertion doubles the hashing). The parallel collector gives steadier numbers than G1 here, whose
 * write barrier pays for every young value stored into the old state arrays.
 */
public final class ValueStateThroughput {
    private static int keyCount = 1_000_000;
    private static final int PAIRS = 20_000_000;
    private static final int MAX_PARALLELISM = 128;

    private ValueStateThroughput() {
    }

    /** Optional argument: the number of keys (default 1M; a small number measures the code path without misses). */
    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            keyCount = Integer.parseInt(args[0]);
        }
        Long[] keys = new Long[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = (long) i;
        }
        for (int round = 0; round < 3; round++) {
            report("random keys, heap backend ", runBackend(keys, true));
            report("sequential keys, heap backend", runBackend(keys, false));
            report("random keys, java.util.HashMap", runHashMap(keys));
        }
    }

    private static long runBackend(Long[] keys, boolean random) throws Exception {
        HeapKeyedStateBackend backend =
                new HeapKeyedStateBackend(KeyGroupRange.of(0, MAX_PARALLELISM - 1), MAX_PARALLELISM);
        ValueState<Long> count = backend.getOrCreateKeyedState(new ValueStateDescriptor<>("count", Long.class));
        int seed = 12345;
        long start = System.nanoTime();
        for (int i = 0; i < PAIRS; i++) {
            int index;
            if (random) {
                seed = xorshift(seed);
                index = (seed & Integer.MAX_VALUE) % keyCount;
            } else {
                index = i % keyCount;
            }
            Long key = keys[index];
            backend.setCurrentKey(key, KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM));
            Long value = count.value();
            count.update(value == null ? 1L : value + 1);
        }
        long elapsed = System.nanoTime() - start;
        backend.close();
        return elapsed;
    }

    private static long runHashMap(Long[] keys) {
        HashMap<Long, Long> map = new HashMap<>();
        int seed = 12345;
        long start = System.nanoTime();
        for (int i = 0; i < PAIRS; i++) {
            seed = xorshift(seed);
            Long key = keys[(seed & Integer.MAX_VALUE) % keyCount];
            Long value = map.get(key);
            map.put(key, value == null ? 1L : value + 1);
        }
        return System.nanoTime() - start;
    }

    private static int xorshift(int x) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return x;
    }

    private static void report(String what, long nanos) {
        System.out.printf("%s: %.1f ns per value()+update() pair, %.2f M pairs/s%n", what,
                (double) nanos / PAIRS, PAIRS * 1e3 / nanos);
    }
}
