package io.flinkstream.runtime.graph;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.checkpoint.OperatorId;

import io.flinkstream.runtime.operators.StreamOperator;

import java.util.List;

/**
 * One operator inside a vertex's chain. Its output goes to chained members (a direct method call in the same
 * actor) and to network edges.
 *
 * @param nodeId the stream node it came from
 * @param name the operator name, used in errors and logs
 * @param uid the user-set stable id, or null
 * @param operatorId the operator's identity in checkpoints: from its uid, or derived from its place in the graph
 * @param operator the operator, frozen; each subtask deserializes its own copy
 * @param chainedOutputs indices into the vertex's chain of the members fed by this one
 * @param networkOutputs ids of the job edges fed by this one
 * @param outputSerializer the serializer of the records it emits: copies them for the next operators and writes
 *     them into batches; duplicate it before use, it is shared by the subtasks of one JVM
 */
public record ChainMember(int nodeId, String name, String uid, OperatorId operatorId,
                          SerializedValue<StreamOperator<Object, Object>> operator,
                          List<Integer> chainedOutputs, List<Integer> networkOutputs,
                          TypeSerializer<Object> outputSerializer) {
    public ChainMember {
        chainedOutputs = List.copyOf(chainedOutputs);
        networkOutputs = List.copyOf(networkOutputs);
    }
}
