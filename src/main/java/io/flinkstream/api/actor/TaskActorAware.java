package io.flinkstream.api.actor;

/**
 * Implemented by a user function (a sink, a map, …) or a source reader that talks to actors. The runtime calls
 * {@link #setTaskActorContext} once per subtask attempt: for a function before {@code initializeState} and
 * {@code open}, for a source reader right after it is created and before it gets its splits.
 */
public interface TaskActorAware {
    /** Hands over the context of the subtask attempt that runs this function or reader. */
    void setTaskActorContext(TaskActorContext context);
}
