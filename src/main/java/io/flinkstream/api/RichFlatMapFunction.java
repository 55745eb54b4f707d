package io.flinkstream.api;

/**
 * A {@link FlatMapFunction} with a life cycle; on a {@link KeyedStream} it may use keyed state.
 *
 * @param <T> input type
 * @param <O> output type
 */
public abstract class RichFlatMapFunction<T, O> extends AbstractRichFunction implements FlatMapFunction<T, O> {
}
