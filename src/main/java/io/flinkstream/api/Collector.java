package io.flinkstream.api;

/**
 * Receives the records a function emits. Records are handed on by reference inside one JVM: do not modify a record
 * after emitting it.
 *
 * @param <T> record type
 */
public interface Collector<T> {
    /** Emits one record downstream. */
    void collect(T record);

    /** Closes the collector; called by the runtime, never by user functions. */
    default void close() {
    }
}
