package io.flinkstream.api;

/**
 * Writes records out of the job.
 *
 * @param <IN> record type
 */
@FunctionalInterface
public interface SinkFunction<IN> extends Function {
    /** Writes one record. */
    void invoke(IN value, Context context) throws Exception;

    /** Called once when a bounded input has ended, before close: flush what is buffered. */
    default void finish() throws Exception {
    }

    /** Information about the record being written. */
    interface Context {
        /** The record's event timestamp, or null: event time is not supported yet. */
        Long timestamp();
    }
}
