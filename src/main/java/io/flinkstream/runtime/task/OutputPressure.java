package io.flinkstream.runtime.task;

/**
 * Counts the output channels of one subtask that have batches waiting for credit. While it is above zero the task
 * stops taking input: this is how a slow consumer slows its producers down to the sources. An operator that waits for
 * something outside the job (an actor's acknowledgements) holds the pressure the same way until it releases it.
 */
final class OutputPressure {
    private int blockedChannels;
    private int holds;
    private long stalls;

    boolean isBlocked() {
        return blockedChannels > 0 || holds > 0;
    }

    /** An operator stops the input until it calls {@link #release()}. */
    void hold() {
        holds++;
    }

    void release() {
        holds--;
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
