package io.flinkstream.runtime.network.frames;

/** Upstream, to a sender: the receiver {@code targetSubtask} of {@code edge} can take {@code credits} more batches. */
public record Credit(int attempt, int edge, int targetSubtask, int credits) implements Frame {
}
