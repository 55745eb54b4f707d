package io.flinkstream.runtime.network.frames;

/**
 * What travels in order on one input channel: record batches ({@link DataBatch}, which take credit) and the events
 * among them ({@link ChannelEvent}, which do not).
 */
public sealed interface ChannelFrame extends Frame permits DataBatch, ChannelEvent {
    /** The channel's number at the receiving subtask. */
    int channel();
}
