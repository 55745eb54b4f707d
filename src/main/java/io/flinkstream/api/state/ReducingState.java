package io.flinkstream.api.state;

/**
 * One value per key, folded with the {@link io.flinkstream.api.ReduceFunction} of its descriptor: the first value
 * added is stored as is, each further value is combined with the stored one.
 *
 * <pre>{@code
 * sum.add(amount);          // with a descriptor built from Long::sum
 * Long total = sum.get();
 * }</pre>
 *
 * @param <T> the value type
 */
public interface ReducingState<T> extends MergingState<T, T> {
    /** Returns the current key's folded value, or null when nothing was added. */
    @Override
    T get() throws Exception;

    /**
     * Folds {@code value} into the current key's value.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws Exception whatever the reduce function throws; the stored value is then unchanged
     */
    @Override
    void add(T value) throws Exception;
}
