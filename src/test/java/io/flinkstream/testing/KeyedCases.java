package io.flinkstream.testing;

import io.flinkstream.api.Collector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.runtime.operators.KeyedProcessOperator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Shared cases of the keyed state harness tests: records are "key:number"; each function emits "key:" and what its
 * state holds after the record, and runs in a {@link KeyedProcessOperator} keyed by the record's key.
 */
final class KeyedCases {
    static final List<String> INPUT = List.of("a:1", "b:5", "a:2", "c:7", "b:1", "a:4");
    static final List<String> SUMS = List.of("a:1", "b:5", "a:3", "c:7", "b:6", "a:7");
    static final List<String> COUNTER_SUMS = List.of("a:a=1", "b:b=5", "a:a=3", "c:c=7", "b:b=6", "a:a=7");
    static final List<String> HISTORY = List.of("a:[1]", "b:[5]", "a:[1, 2]", "c:[7]", "b:[5, 1]",
            "a:[1, 2, 4]");

    private KeyedCases() {
    }

    static void verify(Supplier<PerKey> function, List<String> expected) throws Exception {
        OperatorVerifier.verify(() -> new KeyedProcessOperator<>(function.get()), (String record) ->
                record.substring(0, record.indexOf(':')), INPUT, expected);
    }

    static <K, V> Map<K, V> sorted(Iterable<Map.Entry<K, V>> entries) {
        Map<K, V> sorted = new TreeMap<>();
        entries.forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    /** Emits "key:" and what {@link #apply} returns for the record's number. */
    abstract static class PerKey extends KeyedProcessFunction<String, String, String> {
        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            Object result = apply(ctx.getCurrentKey(), Long.parseLong(value.substring(value.indexOf(':') + 1)));
            out.collect(ctx.getCurrentKey() + ":" + result);
        }

        abstract Object apply(String key, long n) throws Exception;
    }
}
