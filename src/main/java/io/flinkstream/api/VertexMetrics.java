package io.flinkstream.api;

/**
 * Counters of one job vertex (a chain of operators), summed over its subtasks.
 *
 * @param name the vertex's operator names joined by " -> "
 * @param parallelism number of subtasks
 * @param recordsIn records taken from the network inputs
 * @param sourceRecords records emitted by the vertex's source, if it has one
 * @param maxQueuedBatchesPerChannel the most batches ever waiting on one input channel of any subtask
 * @param creditsPerChannel the credit each input channel grants: flow control keeps the queue within it
 * @param backpressureStalls how often an output channel of the vertex ran out of credit
 */
public record VertexMetrics(String name, int parallelism, long recordsIn, long sourceRecords,
                            int maxQueuedBatchesPerChannel, int creditsPerChannel, long backpressureStalls) {
}
