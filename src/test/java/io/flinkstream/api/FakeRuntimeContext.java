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
 * The runtime context of one subtask attempt, for a test that drives a rich function without a job: it knows who it
 * is and whether the job takes checkpoints, and has no keyed state (as for a function not applied to a keyed
 * stream).
 */
public final class FakeRuntimeContext implements RuntimeContext {
    private final TaskInfo taskInfo;
    private final boolean checkpointing;

    /** Subtask {@code subtask} of {@code parallelism} in attempt {@code attempt} of a job taking checkpoints or not. */
    public FakeRuntimeContext(int subtask, int parallelism, int attempt, boolean checkpointing) {
        this.taskInfo = new TaskInfo("test", subtask, parallelism, 128, attempt);
        this.checkpointing = checkpointing;
    }

    /** Subtask 0 of 1 in attempt 0 of a job taking checkpoints or not. */
    public FakeRuntimeContext(boolean checkpointing) {
        this(0, 1, 0, checkpointing);
    }

    @Override
    public TaskInfo getTaskInfo() {
        return taskInfo;
    }

    @Override
    public boolean isCheckpointingEnabled() {
        return checkpointing;
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        throw noKeyedState();
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        throw noKeyedState();
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        throw noKeyedState();
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        throw noKeyedState();
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        throw noKeyedState();
    }

    private static UnsupportedOperationException noKeyedState() {
        return new UnsupportedOperationException("No keyed state in a test's fake runtime context");
    }
}
