package io.flinkstream.runtime.graph;

import io.flinkstream.api.KeySelector;

/**
 * A logical edge between two stream nodes, as the DSL built it.
 *
 * @param sourceId upstream node
 * @param targetId downstream node
 * @param partitioning how records are spread
 * @param keySelector the key of a {@link Partitioning#HASH} edge, else null
 */
public record StreamEdge(int sourceId, int targetId, Partitioning partitioning, KeySelector<?, ?> keySelector) {
}
