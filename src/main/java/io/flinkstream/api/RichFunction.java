package io.flinkstream.api;

/**
 * A function with a life cycle and access to its {@link RuntimeContext}. Each subtask gets its own copy of the
 * function: fields set in {@link #open(OpenContext)} are per subtask.
 */
public interface RichFunction extends Function {
    /** Called once per subtask (and again after every restart) before the first record. */
    default void open(OpenContext openContext) throws Exception {
    }

    /** Called once when the subtask ends, finished, failed or cancelled. */
    default void close() throws Exception {
    }

    /** The context of the subtask running this copy of the function. */
    RuntimeContext getRuntimeContext();

    /** Set by the runtime before {@link #open(OpenContext)}. */
    void setRuntimeContext(RuntimeContext context);
}
