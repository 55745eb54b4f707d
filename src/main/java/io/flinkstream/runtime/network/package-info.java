/**
 * The record batch format of the data plane: how a batch of records (and, on a keyed edge, their keys and key
 * groups) is laid out in one byte array ({@code SerializedRecordBatch}), written by {@code RecordBatchSerializer} and
 * read back by {@code RecordBatchDeserializer} with the edge's serializers. Today it proves, in the
 * serialize-local-batches test mode, that every record type survives the wire; a later transport sends the same bytes
 * between JVMs. Pure, single-threaded and actor-free: depends on {@code api.typeutils} (and its serializers) only.
 */
package io.flinkstream.runtime.network;
