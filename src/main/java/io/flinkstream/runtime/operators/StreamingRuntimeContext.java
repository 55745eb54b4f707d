package io.flinkstream.runtime.operators;

import io.flinkstream.api.RuntimeContext;
import io.flinkstream.api.TaskInfo;
import io.flinkstream.api.state.AggregatingState;
import io.flinkstream.api.state.AggregatingStateDescriptor;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ReducingState;
import io.flinkstream.api.state.ReducingStateDescriptor;
import io.flinkstream.api.state.State;
import io.flinkstream.api.state.StateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.state.KeyedStateBackend;

/** The {@link RuntimeContext} of one operator in one subtask. */
final class StreamingRuntimeContext implements RuntimeContext {
    private final OperatorContext context;

    StreamingRuntimeContext(OperatorContext context) {
        this.context = context;
    }

    @Override
    public TaskInfo getTaskInfo() {
        return context.taskInfo();
    }

    @Override
    public boolean isCheckpointingEnabled() {
        return context.checkpointingEnabled();
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return keyedState(descriptor);
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return keyedState(descriptor);
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        return keyedState(descriptor);
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return keyedState(descriptor);
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return keyedState(descriptor);
    }

    private <S extends State> S keyedState(StateDescriptor<S, ?> descriptor) {
        KeyedStateBackend backend = context.keyedStateBackend();
        if (backend == null) {
            throw new IllegalStateException("The function of " + context.describe() + " asked for keyed state '"
                    + descriptor.getName() + "', but keyed state is only available on a keyed stream: apply "
                    + "keyBy(...) right before this operator");
        }
        return backend.getOrCreateKeyedState(descriptor);
    }
}
