package io.flinkstream.api.state;

import java.util.Iterator;
import java.util.Map;

/**
 * A map per key, from user keys to user values. Null user keys are rejected; null user values are allowed. When the
 * last mapping of a key is removed, the key's state entry disappears, as after {@link #clear()}.
 *
 * <pre>{@code
 * Long seen = lastSeen.get(userId);
 * lastSeen.put(userId, timestamp);
 * }</pre>
 *
 * <p>The iterables returned by {@link #entries()}, {@link #keys()} and {@link #values()} are empty (never null) when
 * the key has no mappings. They are read-only views of the current key's map: do not keep them across changes to
 * this state. To remove while iterating, use {@link Iterator#remove()} of {@link #iterator()}.
 *
 * @param <UK> the user key type
 * @param <UV> the user value type
 */
public interface MapState<UK, UV> extends State {
    /** Returns the value mapped to {@code key} for the current key, or null. */
    UV get(UK key) throws Exception;

    /**
     * Maps {@code key} to {@code value} for the current key.
     *
     * @throws NullPointerException if {@code key} is null
     */
    void put(UK key, UV value) throws Exception;

    /**
     * Adds all mappings of {@code map}; a null or empty map changes nothing.
     *
     * @throws NullPointerException if {@code map} contains a null key; the state is then unchanged
     */
    void putAll(Map<UK, UV> map) throws Exception;

    /** Removes the mapping of {@code key}, if any. */
    void remove(UK key) throws Exception;

    /** Returns whether {@code key} is mapped (possibly to null) for the current key. */
    boolean contains(UK key) throws Exception;

    /** Returns the current key's mappings; the entries are read-only. */
    Iterable<Map.Entry<UK, UV>> entries() throws Exception;

    /** Returns the current key's user keys. */
    Iterable<UK> keys() throws Exception;

    /** Returns the current key's user values. */
    Iterable<UV> values() throws Exception;

    /** Iterates the current key's mappings; {@link Iterator#remove()} removes the last returned mapping. */
    Iterator<Map.Entry<UK, UV>> iterator() throws Exception;

    /** Returns whether the current key has no mappings. */
    boolean isEmpty() throws Exception;
}
