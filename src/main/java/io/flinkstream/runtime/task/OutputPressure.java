package io.flinkstream.runtime.task;

/**
 * Counts the output channels of one subtask that have batches waiting for credit. While it is above zero the task
 * stops taking input: this is how a slow consumer slows its producers down to the sources.
 */
final class OutputPressure {
    private int blockedChannels;
    private long stalls;

    boolean isBlocked() {
        return blockedChannels > 0;
    }

    void channelBlocked() {
        blockedChannels++;
        stalls++;
    }

    void channelUnblocked() {
        blockedChannels--;
    }

    /** How many times a channel ran out of credit. */
    long stalls() {
        return stalls;
    }
}
