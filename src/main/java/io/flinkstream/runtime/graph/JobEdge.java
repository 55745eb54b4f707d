package io.flinkstream.runtime.graph;

import io.flinkstream.api.typeutils.TypeSerializer;

import io.flinkstream.api.KeySelector;

/**
 * A network edge between two job vertices: records cross it in batches between subtask actors.
 *
 * @param id index in {@link JobGraph#edges()}
 * @param sourceVertex upstream vertex id
 * @param targetVertex downstream vertex id
 * @param partitioning how records are spread; FORWARD only between vertices of equal parallelism
 * @param keySelector the key of a HASH edge (a copy per sending subtask), else null
 * @param recordSerializer the serializer of the records crossing the edge (duplicate before use)
 * @param keySerializer the serializer of the keys of a HASH edge (duplicate before use), else null
 */
public record JobEdge(int id, int sourceVertex, int targetVertex, Partitioning partitioning,
                      SerializedValue<KeySelector<Object, Object>> keySelector,
                      TypeSerializer<Object> recordSerializer, TypeSerializer<Object> keySerializer) {
}
