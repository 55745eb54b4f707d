package io.flinkstream.runtime.operators;

import io.flinkstream.api.RuntimeContext;
import io.flinkstream.api.TaskInfo;
import io.flinkstream.state.KeyedStateBackend;

/**
 * What the task gives one operator of its chain.
 *
 * @param operatorName the operator's name, for errors
 * @param taskInfo the subtask's identity
 * @param keyedStateBackend the subtask's keyed state, or null when the operator is not applied to a keyed stream
 * @param checkpointingEnabled whether the job takes checkpoints
 * @param actors what the operator's function may do with the node's actors, when it is
 *     {@link io.flinkstream.api.actor.TaskActorAware}; null outside a subtask actor (unit tests)
 */
public record OperatorContext(String operatorName, TaskInfo taskInfo, KeyedStateBackend keyedStateBackend,
                              boolean checkpointingEnabled, io.flinkstream.api.actor.TaskActorContext actors) {

    /** A context without actors, for operators run outside a subtask actor. */
    public OperatorContext(String operatorName, TaskInfo taskInfo, KeyedStateBackend keyedStateBackend,
                           boolean checkpointingEnabled) {
        this(operatorName, taskInfo, keyedStateBackend, checkpointingEnabled, null);
    }

    /** The runtime context handed to the operator's rich function. */
    public RuntimeContext runtimeContext() {
        return new StreamingRuntimeContext(this);
    }

    /** "operator 'Map' (subtask 2/4)", for messages. */
    public String describe() {
        return "operator '" + operatorName + "' (subtask " + (taskInfo.indexOfThisSubtask() + 1) + "/"
                + taskInfo.numberOfParallelSubtasks() + ")";
    }
}
