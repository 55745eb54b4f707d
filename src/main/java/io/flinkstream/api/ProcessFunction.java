package io.flinkstream.api;

/**
 * The most general per-record function of a non-keyed stream.
 *
 * @param <I> input type
 * @param <O> output type
 */
public abstract class ProcessFunction<I, O> extends AbstractRichFunction {

    /** Processes one record, emitting any number of records into {@code out}. */
    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** Information about the record being processed. */
    public abstract class Context {
        /** The record's event timestamp, or null: event time is not supported yet. */
        public abstract Long timestamp();
    }
}
