package io.flinkstream.runtime.graph;

import io.flinkstream.api.typeinfo.SerializerConfig;

/**
 * Data-plane settings of a job.
 *
 * @param batchSize records per batch between subtasks
 * @param creditsPerChannel batches a receiver lets each sender have in flight on one channel
 * @param sourceBatchesPerSlice how many batches' worth of records a source emits before yielding its thread
 * @param objectReuse whether records go to the next operator uncopied ({@code enableObjectReuse})
 * @param serializeLocalBatches whether batches are serialized inside one JVM too (a test mode)
 * @param serializerConfig the job's serializer settings
 */
public record RuntimeSettings(int batchSize, int creditsPerChannel, int sourceBatchesPerSlice, boolean objectReuse,
                              boolean serializeLocalBatches, SerializerConfig serializerConfig) {

    /** Settings with records copied between operators, batches by reference, and default serializer settings. */
    public RuntimeSettings(int batchSize, int creditsPerChannel, int sourceBatchesPerSlice) {
        this(batchSize, creditsPerChannel, sourceBatchesPerSlice, false, false, new SerializerConfig());
    }

    public RuntimeSettings {
        serializerConfig = serializerConfig.copy();
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
