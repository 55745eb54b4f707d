package io.flinkstream.runtime.network.frames;

/**
 * The cancellation barrier of checkpoint {@code checkpointId} on {@code channel}: the sender gave the checkpoint up, so
 * its barrier will never come on this channel. Travels in order with the records, like a barrier, and releases a
 * channel aligned for the checkpoint at once.
 */
public record CancellationBarrier(int attempt, int channel, long checkpointId) implements ChannelEvent {
}
