package io.flinkstream.runtime.network.frames;

/** The sender of {@code channel} has ended; nothing follows on it. */
public record EndOfPartition(int attempt, int channel) implements ChannelEvent {
}
