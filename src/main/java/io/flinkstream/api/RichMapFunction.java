package io.flinkstream.api;

/**
 * A {@link MapFunction} with a life cycle; on a {@link KeyedStream} it may use keyed state.
 *
 * @param <T> input type
 * @param <O> output type
 */
public abstract class RichMapFunction<T, O> extends AbstractRichFunction implements MapFunction<T, O> {
}
