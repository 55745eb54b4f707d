package io.flinkstream.runtime.task;

import io.flinkstream.runtime.network.frames.ChannelEvent;

import java.util.ArrayDeque;

/**
 * The receiving end of a subtask's input channels: one FIFO queue per channel, consumed round-robin. Its length is
 * bounded by the credit granted per channel, since a sender never has more batches in flight. A channel can be
 * blocked (barrier alignment) so that its items wait while the others are consumed. Pure: no actor, no I/O.
 */
final class InputGate {
    private final ArrayDeque<Object>[] queues;
    private final boolean[] ended;
    private final boolean[] blocked;
    private final int[] batchesQueued;
    private int endedCount;
    private int next;
    private int maxQueued;

    @SuppressWarnings("unchecked")
    InputGate(int channels) {
        queues = new ArrayDeque[channels];
        for (int i = 0; i < channels; i++) {
            queues[i] = new ArrayDeque<>();
        }
        ended = new boolean[channels];
        blocked = new boolean[channels];
        batchesQueued = new int[channels];
    }

    int channelCount() {
        return queues.length;
    }

    /** Appends an item (a batch or an event) that arrived on {@code channel}. */
    void add(int channel, Object item) {
        queues[channel].add(item);
        if (!isEvent(item) && ++batchesQueued[channel] > maxQueued) {
            maxQueued = batchesQueued[channel];
        }
    }

    /** Barriers and ends need no credit, so they do not count as queued batches. */
    private static boolean isEvent(Object item) {
        return item instanceof ChannelEvent;
    }

    /** The next item of the next unblocked channel that has one, or null. */
    Object poll() {
        int n = queues.length;
        for (int i = 0; i < n; i++) {
            int channel = next;
            next = next + 1 == n ? 0 : next + 1;
            if (!blocked[channel] && !queues[channel].isEmpty()) {
                Object item = queues[channel].poll();
                if (!isEvent(item)) {
                    batchesQueued[channel]--;
                }
                return item;
            }
        }
        return null;
    }

    boolean hasAvailable() {
        for (int i = 0; i < queues.length; i++) {
            if (!blocked[i] && !queues[i].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    void markEnded(int channel) {
        if (!ended[channel]) {
            ended[channel] = true;
            endedCount++;
        }
    }

    boolean allEnded() {
        return endedCount == queues.length;
    }

    void block(int channel) {
        blocked[channel] = true;
    }

    void unblock(int channel) {
        blocked[channel] = false;
    }

    void unblockAll() {
        java.util.Arrays.fill(blocked, false);
    }

    boolean isBlocked(int channel) {
        return blocked[channel];
    }

    /** The most batches ever queued on one channel (events not counted): never more than the credit per channel. */
    int maxQueued() {
        return maxQueued;
    }
}
