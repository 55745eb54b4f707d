package io.flinkstream.api.source;

/**
 * Where a {@link SourceReader} emits records.
 *
 * @param <T> record type
 */
public interface ReaderOutput<T> {
    /** Emits one record (never null). */
    void collect(T record);
}
