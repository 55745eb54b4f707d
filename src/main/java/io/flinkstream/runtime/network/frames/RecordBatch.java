package io.flinkstream.runtime.network.frames;

/**
 * Records on one input channel, by reference: only ever sent to a subtask in the same JVM. For a keyed channel each
 * record's key and key group come along; otherwise those arrays are null. The arrays belong to the receiver once
 * sent. Towards another JVM a channel sends a {@link SerializedBatch} instead; {@link FrameSerializer} refuses this
 * frame.
 *
 * @param size how many entries of the arrays are records
 */
public record RecordBatch(int attempt, int channel, Object[] records, Object[] keys, int[] keyGroups, int size)
        implements DataBatch {
}
