package io.flinkstream.runtime.graph;

import io.flinkstream.api.typeinfo.TypeInformation;

import io.flinkstream.api.KeySelector;

/**
 * A logical edge between two stream nodes, as the DSL built it.
 *
 * @param sourceId upstream node
 * @param targetId downstream node
 * @param partitioning how records are spread
 * @param keySelector the key of a {@link Partitioning#HASH} edge, else null
 * @param keyType the type of the keys of a HASH edge; null when unknown (the generic type)
 */
public record StreamEdge(int sourceId, int targetId, Partitioning partitioning, KeySelector<?, ?> keySelector,
                         TypeInformation<?> keyType) {

    /** An edge whose key type, if any, is unknown. */
    public StreamEdge(int sourceId, int targetId, Partitioning partitioning, KeySelector<?, ?> keySelector) {
        this(sourceId, targetId, partitioning, keySelector, null);
    }
}
