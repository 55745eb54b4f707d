package io.flinkstream.runtime.graph;

import io.flinkstream.api.typeutils.TypeSerializer;

import io.flinkstream.api.source.Source;
import io.flinkstream.checkpoint.OperatorId;

import java.util.List;

/**
 * A unit of deployment: a chain of operators run by one actor per parallel subtask.
 *
 * @param id index in {@link JobGraph#vertices()}
 * @param name the chain's operator names joined by " -> "
 * @param parallelism number of subtasks
 * @param source the source at the head of the chain, or null when the vertex reads network inputs
 * @param sourceName the source's name, or null
 * @param sourceOperatorId the source's identity in checkpoints, or null when the vertex has no source
 * @param sourceChainedOutputs chain members fed by the source
 * @param sourceNetworkOutputs job edges fed by the source
 * @param chain the operators, in topological order (members only feed later members); for a vertex without a
 *              source, member 0 is the head that the network inputs feed
 * @param inputEdges ids of the job edges into this vertex
 * @param keyed whether every input is partitioned by key, so the head operators see a current key
 * @param sourceOutputSerializer the serializer of the source's records (duplicate before use), or null
 * @param keySerializer the serializer of the keys of a keyed vertex, for its keyed state (duplicate before use), or
 *     null
 * @param sourceUid the uid the user gave the source, or null (its id is then derived from its place in the graph)
 */
public record JobVertex(int id, String name, int parallelism,
                        SerializedValue<Source<Object, java.io.Serializable>> source, String sourceName, OperatorId sourceOperatorId,
                        List<Integer> sourceChainedOutputs, List<Integer> sourceNetworkOutputs,
                        List<ChainMember> chain, List<Integer> inputEdges,
                        boolean keyed, TypeSerializer<Object> sourceOutputSerializer,
                        TypeSerializer<Object> keySerializer, String sourceUid) {
    public JobVertex {
        sourceChainedOutputs = List.copyOf(sourceChainedOutputs);
        sourceNetworkOutputs = List.copyOf(sourceNetworkOutputs);
        chain = List.copyOf(chain);
        inputEdges = List.copyOf(inputEdges);
    }

    public boolean isSource() {
        return source != null;
    }

    /** The operator that owns the vertex's keyed state: the head of a keyed vertex's chain, or null. */
    public ChainMember keyedOperator() {
        return keyed && !chain.isEmpty() ? chain.get(0) : null;
    }
}
