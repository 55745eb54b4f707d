package io.flinkstream.api.state;

/**
 * An accumulator per key, driven by the {@link io.flinkstream.api.AggregateFunction} of its descriptor. The first
 * {@link #add(Object)} for a key creates the accumulator; {@link #get()} returns the function's result for it.
 *
 * @param <IN> the type of the added values
 * @param <OUT> the result type
 */
public interface AggregatingState<IN, OUT> extends MergingState<IN, OUT> {
    /** Returns {@code getResult(accumulator)} for the current key, or null when nothing was added. */
    @Override
    OUT get() throws Exception;

    /**
     * Adds {@code value} to the current key's accumulator, creating the accumulator first if needed.
     *
     * @throws NullPointerException if {@code value} is null
     */
    @Override
    void add(IN value) throws Exception;
}
