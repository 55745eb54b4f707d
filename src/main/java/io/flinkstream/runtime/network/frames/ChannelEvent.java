package io.flinkstream.runtime.network.frames;

/**
 * An event among the records of one channel: it needs no credit and keeps its place behind the batches sent before
 * it. Watermarks will be one more event here: a record implementing this interface, and a tag in
 * {@link FrameSerializer} (the round-trip test fails until it has one).
 */
public sealed interface ChannelEvent extends ChannelFrame
        permits Barrier, CancellationBarrier, EndOfData, EndOfPartition {
}
