package io.flinkstream.api.state;

/**
 * State that values are added to, and that is read as a whole: a list, or a value folded by a function.
 *
 * @param <IN> the type of the added values
 * @param <OUT> the type of what {@link #get()} returns
 */
public interface AppendingState<IN, OUT> extends State {
    /** Returns the current key's content; see the subinterface for what is returned when the key has none. */
    OUT get() throws Exception;

    /** Adds a value to the current key's content. */
    void add(IN value) throws Exception;
}
