package io.flinkstream.runtime.operators;

import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.Collector;
import io.flinkstream.api.Function;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RichFunction;

/**
 * Base of the operators that wrap one user function: runs the rich function's life cycle.
 *
 * @param <F> function type
 * @param <IN> input type
 * @param <OUT> output type
 */
public abstract class AbstractUdfOperator<F extends Function, IN, OUT> implements StreamOperator<IN, OUT> {
    private static final OpenContext OPEN_CONTEXT = new OpenContext() { };

    protected final F userFunction;
    protected transient OperatorContext context;
    protected transient Collector<OUT> output;

    protected AbstractUdfOperator(F userFunction) {
        if (userFunction == null) {
            throw new NullPointerException("The function must not be null");
        }
        this.userFunction = userFunction;
    }

    @Override
    public void setup(OperatorContext context, Collector<OUT> output) {
        this.context = context;
        this.output = output;
        if (userFunction instanceof io.flinkstream.api.actor.TaskActorAware aware) {
            if (context.actors() == null) {
                throw new IllegalStateException("The function of " + context.describe() + " talks to actors ("
                        + userFunction.getClass().getName() + " is TaskActorAware), which it can only do inside a "
                        + "running job, not in a test harness");
            }
            aware.setTaskActorContext(context.actors());
        }
    }

    /** Hands the operator state to a {@link CheckpointedFunction}; its runtime context is already set. */
    @Override
    public void initializeState(FunctionInitializationContext stateContext) throws Exception {
        if (userFunction instanceof CheckpointedFunction checkpointed) {
            if (userFunction instanceof RichFunction rich) {
                // As in Flink, the runtime context is available from initializeState on, not only from open.
                rich.setRuntimeContext(context.runtimeContext());
            }
            checkpointed.initializeState(stateContext);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext snapshotContext) throws Exception {
        if (userFunction instanceof CheckpointedFunction checkpointed) {
            checkpointed.snapshotState(snapshotContext);
        }
    }

    @Override
    public void open() throws Exception {
        if (userFunction instanceof RichFunction rich) {
            rich.setRuntimeContext(context.runtimeContext());
            rich.open(OPEN_CONTEXT);
        }
    }

    @Override
    public void close() throws Exception {
        if (userFunction instanceof RichFunction rich) {
            rich.close();
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (userFunction instanceof io.flinkstream.api.CheckpointListener listener) {
            listener.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        if (userFunction instanceof io.flinkstream.api.CheckpointListener listener) {
            listener.notifyCheckpointAborted(checkpointId);
        }
    }

    /** The wrapped user function. */
    public F userFunction() {
        return userFunction;
    }
}
