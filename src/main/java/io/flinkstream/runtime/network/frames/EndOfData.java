package io.flinkstream.runtime.network.frames;

/** The sender of {@code channel} has emitted its last record: only barriers and its end of partition follow. */
public record EndOfData(int attempt, int channel) implements ChannelEvent {
}
