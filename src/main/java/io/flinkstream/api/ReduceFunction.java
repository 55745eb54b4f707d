package io.flinkstream.api;

/**
 * Combines two values of the same type into one, for example to keep a running sum or maximum per key.
 *
 * <pre>{@code ReduceFunction<Long> sum = Long::sum;}</pre>
 *
 * <p>The function should be associative; the runtime folds values in arrival order, so it need not be commutative.
 *
 * @param <T> the type of the values combined
 */
@FunctionalInterface
public interface ReduceFunction<T> extends Function {
    /**
     * Returns the combination of two values.
     *
     * @param value1 the value folded so far
     * @param value2 the new value
     * @return the combined value; must not be null
     * @throws Exception to fail the task
     */
    T reduce(T value1, T value2) throws Exception;
}
