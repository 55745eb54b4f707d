package io.flinkstream.api;

/**
 * Transforms each record into exactly one record.
 *
 * <pre>{@code stream.map(v -> v * 2)}</pre>
 *
 * @param <T> input type
 * @param <O> output type
 */
@FunctionalInterface
public interface MapFunction<T, O> extends Function {
    /** Returns the record that replaces {@code value}; must not return null. */
    O map(T value) throws Exception;
}
