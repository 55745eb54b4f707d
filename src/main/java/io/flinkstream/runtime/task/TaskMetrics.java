package io.flinkstream.runtime.task;

import io.flinkstream.runtime.WireMessage;

/**
 * Counters of one subtask, as last reported.
 *
 * @param recordsIn records taken from the network inputs
 * @param sourceRecords records emitted by the subtask's source
 * @param maxQueuedPerChannel the most batches ever waiting on one input channel: flow control keeps
 *                            it at or below {@code creditsPerChannel} plus a few events
 * @param creditsPerChannel the credit each input channel grants its sender
 * @param backpressureStalls how many times an output channel ran out of credit
 */
public record TaskMetrics(long recordsIn, long sourceRecords, int maxQueuedPerChannel, int creditsPerChannel,
                          long backpressureStalls) implements WireMessage {
    /** Nothing counted yet. */
    public static final TaskMetrics EMPTY = new TaskMetrics(0, 0, 0, 0, 0);
}
