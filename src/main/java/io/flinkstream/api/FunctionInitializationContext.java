package io.flinkstream.api;

/** What {@link CheckpointedFunction#initializeState(FunctionInitializationContext)} is given. */
public interface FunctionInitializationContext {
    /** Whether this attempt starts from a checkpoint (the operator state then holds what it stored). */
    boolean isRestored();

    /** Where the function obtains its operator state. */
    OperatorStateStore getOperatorStateStore();
}
