package io.flinkstream.api.state;

import java.io.IOException;

/**
 * One value per key.
 *
 * <pre>{@code
 * Long count = countState.value();
 * countState.update(count == null ? 1L : count + 1);
 * }</pre>
 *
 * <p>On the heap backend {@link #value()} returns the stored object itself, not a copy. Do not change a returned
 * object in place without passing it to {@link #update(Object)} afterwards: other backends would lose the change,
 * and a snapshot taken meanwhile may or may not contain it. Immutable values avoid the question.
 *
 * @param <T> the value type
 */
public interface ValueState<T> extends State {
    /** Returns the current key's value, or null when the key has none. */
    T value() throws IOException;

    /** Sets the current key's value; {@code update(null)} is the same as {@link #clear()}. */
    void update(T value) throws IOException;
}
