package io.flinkstream.api;

/**
 * A {@link FilterFunction} with a life cycle; on a {@link KeyedStream} it may use keyed state.
 *
 * @param <T> record type
 */
public abstract class RichFilterFunction<T> extends AbstractRichFunction implements FilterFunction<T> {
}
