package io.flinkstream.api;

import io.flinkstream.api.state.AggregatingState;
import io.flinkstream.api.state.AggregatingStateDescriptor;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ReducingState;
import io.flinkstream.api.state.ReducingStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;

/**
 * What a {@link RichFunction} sees of the subtask running it: its identity and its keyed state.
 *
 * <p>Keyed state is only available to functions applied to a {@link KeyedStream}; everywhere else the
 * {@code get*State} methods throw {@link IllegalStateException} naming the operator. State is normally created once
 * in {@code open()} and kept in a field:
 *
 * <pre>{@code
 * countState = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
 * }</pre>
 */
public interface RuntimeContext {
    /** The subtask's identity. */
    TaskInfo getTaskInfo();

    /**
     * Whether the job takes checkpoints. When it does, a bounded job ends with a final checkpoint taken after every
     * operator's {@code finish()}, and its completion is notified before the job finishes.
     */
    boolean isCheckpointingEnabled();

    /** Keyed single-value state. */
    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    /** Keyed list state. */
    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    /** Keyed map state. */
    <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor);

    /** Keyed state folded with a {@link ReduceFunction}. */
    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

    /** Keyed state folded with an {@link AggregateFunction}. */
    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor);
}
