package io.flinkstream.runtime.network.frames;

/** The barrier of checkpoint {@code checkpointId} on {@code channel}, in order with the records. */
public record Barrier(int attempt, int channel, long checkpointId) implements ChannelEvent {
}
