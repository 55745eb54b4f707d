package io.flinkstream.runtime.network.frames;

import io.flinkstream.runtime.network.SerializedRecordBatch;

/**
 * Records on one input channel, serialized with the edge's serializers in the format of {@link SerializedRecordBatch}:
 * what a batch is when it goes to another JVM, or when the job serializes local batches. The receiving subtask decodes
 * it with its job's class loader. Takes one credit, like a {@link RecordBatch}.
 */
public record SerializedBatch(int attempt, int channel, SerializedRecordBatch batch) implements DataBatch {
    public SerializedBatch {
        if (batch == null) {
            throw new NullPointerException("A serialized batch needs its bytes");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SerializedBatch that && attempt == that.attempt && channel == that.channel
                && java.util.Arrays.equals(batch.bytes(), that.batch.bytes());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * attempt + channel) + java.util.Arrays.hashCode(batch.bytes());
    }
}
