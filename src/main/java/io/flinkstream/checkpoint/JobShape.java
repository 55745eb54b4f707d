package io.flinkstream.checkpoint;

import java.util.List;
import java.util.Set;

/**
 * What a restore needs to know of the job it restores into, to check a checkpoint against it
 * ({@link StateAssignment#check}): its operators with their parallelism and max parallelism, which of them hold keyed
 * state and which are sources, and — for checkpoints of metadata version 1, restored by position — the parallelism
 * of each vertex.
 *
 * @param operators every source and operator of the new job
 * @param keyedOperators the operators that own keyed state (the heads of keyed vertices)
 * @param sources the sources
 * @param vertexParallelism the parallelism of each vertex, by vertex index
 * @param derivedIds the operators without a uid, whose ids come from their place in the graph
 */
public record JobShape(List<OperatorMetadata> operators, Set<OperatorId> keyedOperators, Set<OperatorId> sources,
                       List<Integer> vertexParallelism, Set<OperatorId> derivedIds) {
    public JobShape {
        operators = List.copyOf(operators);
        keyedOperators = Set.copyOf(keyedOperators);
        sources = Set.copyOf(sources);
        vertexParallelism = List.copyOf(vertexParallelism);
        derivedIds = Set.copyOf(derivedIds);
    }

    /** A job whose every operator has a uid. */
    public JobShape(List<OperatorMetadata> operators, Set<OperatorId> keyedOperators, Set<OperatorId> sources,
                    List<Integer> vertexParallelism) {
        this(operators, keyedOperators, sources, vertexParallelism, Set.of());
    }
}
