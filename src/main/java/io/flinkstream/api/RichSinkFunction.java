package io.flinkstream.api;

/**
 * A {@link SinkFunction} with a life cycle.
 *
 * @param <IN> record type
 */
public abstract class RichSinkFunction<IN> extends AbstractRichFunction implements SinkFunction<IN> {
}
