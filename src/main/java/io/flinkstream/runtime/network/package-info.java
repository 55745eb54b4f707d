/**
 * The record batch format of the data plane: how a batch of records (and, on a keyed edge, their key
 * groups) is laid out in one byte array ({@code SerializedRecordBatch}), written by {@code RecordBatchSerializer} and
 * read back by {@code RecordBatchDeserializer} with the edge's serializers. It is what a batch is between
 * JVMs (a {@code frames.SerializedBatch}), and, in the serialize-local-batches test mode, inside one. Pure, single-threaded and actor-free: depends on {@code api.typeutils} (and its serializers) only.
 */
package io.flinkstream.runtime.network;
