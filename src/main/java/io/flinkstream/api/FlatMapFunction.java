package io.flinkstream.api;

/**
 * Transforms each record into zero, one or more records.
 *
 * <pre>{@code lines.flatMap((String line, Collector<String> out) -> { for (String w : line.split(" ")) out.collect(w); })}</pre>
 *
 * @param <T> input type
 * @param <O> output type
 */
@FunctionalInterface
public interface FlatMapFunction<T, O> extends Function {
    /** Emits any number of records for {@code value} into {@code out}. */
    void flatMap(T value, Collector<O> out) throws Exception;
}
