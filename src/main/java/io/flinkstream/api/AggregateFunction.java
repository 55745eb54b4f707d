package io.flinkstream.api;

/**
 * Aggregates values into an accumulator and derives a result from it, for example an average from a (sum, count)
 * accumulator. Unlike a {@link ReduceFunction}, input, accumulator and result may have different types.
 *
 * <pre>{@code
 * class Average implements AggregateFunction<Long, long[], Double> {
 *     public long[] createAccumulator() { return new long[2]; }
 *     public long[] add(Long value, long[] acc) { acc[0] += value; acc[1]++; return acc; }
 *     public Double getResult(long[] acc) { return acc[1] == 0 ? null : (double) acc[0] / acc[1]; }
 *     public long[] merge(long[] a, long[] b) { a[0] += b[0]; a[1] += b[1]; return a; }
 * }
 * }</pre>
 *
 * @param <IN> the type of the aggregated values
 * @param <ACC> the accumulator type, the part that is kept in state
 * @param <OUT> the result type
 */
public interface AggregateFunction<IN, ACC, OUT> extends Function {
    /** Returns a new, empty accumulator. */
    ACC createAccumulator();

    /**
     * Adds a value to an accumulator.
     *
     * @return the updated accumulator: either {@code accumulator} changed in place or a new object
     */
    ACC add(IN value, ACC accumulator);

    /** Returns the result for the values added to {@code accumulator} so far. */
    OUT getResult(ACC accumulator);

    /**
     * Merges two accumulators into one. Either argument may be reused for the result; neither is used afterwards.
     */
    ACC merge(ACC a, ACC b);
}
