package io.flinkstream.api.state;

import java.util.List;

/**
 * A list of values per key. Null elements are rejected.
 *
 * <pre>{@code
 * pending.add(event);
 * for (Event e : pending.get()) { ... }
 * }</pre>
 *
 * @param <T> the element type
 */
public interface ListState<T> extends MergingState<T, Iterable<T>> {
    /**
     * Returns the current key's elements in insertion order, or an empty iterable (never null) when it has none.
     * The iterable is read-only; do not keep it across changes to this state.
     */
    @Override
    Iterable<T> get() throws Exception;

    /**
     * Appends an element to the current key's list.
     *
     * @throws NullPointerException if {@code value} is null
     */
    @Override
    void add(T value) throws Exception;

    /**
     * Replaces the current key's list with {@code values}; an empty list clears the state.
     *
     * @throws NullPointerException if {@code values} is null or contains null; the state is then unchanged
     */
    void update(List<T> values) throws Exception;

    /**
     * Appends all of {@code values} to the current key's list.
     *
     * @throws NullPointerException if {@code values} is null or contains null; the state is then unchanged
     */
    void addAll(List<T> values) throws Exception;
}
