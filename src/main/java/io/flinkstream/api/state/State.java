package io.flinkstream.api.state;

/**
 * Base of all keyed state. A state object is bound to one operator; every method acts on the entry of the key of
 * the record (or timer) currently being processed, so the same object serves all keys.
 */
public interface State {
    /** Removes the current key's entry of this state; other keys are not affected. */
    void clear();
}
