package io.flinkstream.checkpoint;

import java.util.Objects;

/**
 * One operator (or source) of the job a checkpoint was taken of, as recorded in its metadata (version 2): what a
 * restore checks the new job against, and how it reassigns the operator's state at another parallelism.
 *
 * @param id the operator's identity: from its uid, or derived from its place in the graph
 * @param name the operator's name, for messages
 * @param parallelism how many subtasks ran it
 * @param maxParallelism its number of key groups
 */
public record OperatorMetadata(OperatorId id, String name, int parallelism, int maxParallelism) {

    /** @throws IllegalArgumentException if the parallelism is not between 1 and the max parallelism */
    public OperatorMetadata {
        Objects.requireNonNull(id, "id");
        if (parallelism < 1 || parallelism > maxParallelism) {
            throw new IllegalArgumentException("Operator '" + name + "' (" + id + ") has parallelism " + parallelism
                    + " and max parallelism " + maxParallelism + "; the parallelism must be 1 to the max");
        }
    }

    /** "operator 'Count' (id 3fa2…)", for messages. */
    public String describe() {
        return "operator '" + name + "' (id " + id + ")";
    }
}
