package io.flinkstream.runtime.operators;

import io.flinkstream.api.Collector;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;

import java.io.Serializable;

/**
 * An operator as the runtime drives it: set up with its context and output, opened, fed one record at a time (with
 * the current key already set for a keyed operator), finished at end of input, and closed. Operators never block:
 * backpressure is applied by the task between records.
 *
 * @param <IN> input type
 * @param <OUT> output type
 */
public interface StreamOperator<IN, OUT> extends Serializable {

    /** Gives the operator its context and where its output goes; called once per subtask before open. */
    void setup(OperatorContext context, Collector<OUT> output);

    /**
     * Gives the operator its operator state, restored from a checkpoint or empty; called once per subtask attempt
     * after setup and before open.
     */
    default void initializeState(FunctionInitializationContext context) throws Exception {
    }

    /** The synchronous part of a checkpoint: write operator state before the barrier goes on. */
    default void snapshotState(FunctionSnapshotContext context) throws Exception {
    }

    /** Opens the operator and its user function. */
    void open() throws Exception;

    /** Processes one record. */
    void processElement(IN record) throws Exception;

    /** End of input: emit what is buffered. Called head-first along the chain. */
    default void finish() throws Exception {
    }

    /** Releases resources; called once, whether the subtask finished, failed or was cancelled. */
    void close() throws Exception;

    /** A checkpoint that includes this operator's state is complete. */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    /** A checkpoint was aborted: the state this operator gave for it will never be used. */
    default void notifyCheckpointAborted(long checkpointId) throws Exception {
    }

    /** Whether the operator may only be applied to a keyed stream. */
    default boolean requiresKeyedInput() {
        return false;
    }
}
