package io.flinkstream.runtime.graph;

/**
 * Data-plane settings of a job.
 *
 * @param batchSize records per batch between subtasks
 * @param creditsPerChannel batches a receiver lets each sender have in flight on one channel
 * @param sourceBatchesPerSlice how many batches' worth of records a source emits before yielding its thread
 */
public record RuntimeSettings(int batchSize, int creditsPerChannel, int sourceBatchesPerSlice) {
    public RuntimeSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("flinkstream.network.batch-size must be at least 1, was " + batchSize);
        }
        if (creditsPerChannel < 1) {
            throw new IllegalArgumentException(
                    "flinkstream.network.credits-per-channel must be at least 1, was " + creditsPerChannel);
        }
        if (sourceBatchesPerSlice < 1) {
            throw new IllegalArgumentException(
                    "flinkstream.network.source-batches-per-slice must be at least 1, was " + sourceBatchesPerSlice);
        }
    }
}
