package io.flinkstream.api.state;

/**
 * An {@link AppendingState} whose contents for two scopes can be combined into one (as merging windows need). Today
 * this is a marker; the merge itself is done by the runtime.
 *
 * @param <IN> the type of the added values
 * @param <OUT> the type of what {@link #get()} returns
 */
public interface MergingState<IN, OUT> extends AppendingState<IN, OUT> {
}
