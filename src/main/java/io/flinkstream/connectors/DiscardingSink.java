package io.flinkstream.connectors;

import io.flinkstream.api.SinkFunction;

/**
 * Drops every record: for benchmarks and for jobs whose result is their state.
 *
 * @param <T> record type
 */
public final class DiscardingSink<T> implements SinkFunction<T> {
    @Override
    public void invoke(T value, Context context) {
        // Intentionally empty.
    }
}
