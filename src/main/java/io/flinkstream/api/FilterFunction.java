package io.flinkstream.api;

/**
 * Keeps the records for which it returns true.
 *
 * @param <T> record type
 */
@FunctionalInterface
public interface FilterFunction<T> extends Function {
    /** Returns true to keep {@code value}. */
    boolean filter(T value) throws Exception;
}
