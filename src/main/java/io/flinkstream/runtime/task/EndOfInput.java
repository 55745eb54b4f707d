package io.flinkstream.runtime.task;

/**
 * The end of a subtask's bounded input, as a state machine with no I/O: it counts the input channels whose data has
 * ended, remembers the final checkpoint — the first one taken after end of data — and whether it completed, and so
 * decides when end of data and end of partition may go out. End of data goes out once the source has read
 * everything or every input channel delivered its end of data; end of partition once, after end of data, every
 * input channel has ended and, when the job takes checkpoints, the final checkpoint is complete. The task sends the
 * events; this class only says when.
 */
final class EndOfInput {
    private final boolean checkpointing;
    private final boolean[] channelDataEnded;
    private int channelsWithData;
    /** {@code finish()} ran and end of data went out: only barriers and events follow. */
    private boolean dataEnded;
    /** The first checkpoint taken after the end of data; -1 before. */
    private long finalCheckpointId = -1;
    private boolean finalCheckpointComplete;
    /** End of partition went out (perhaps still queued behind batches waiting for credit). */
    private boolean ending;

    /**
     * @param channels the number of input channels; 0 for a source
     * @param checkpointing whether the job takes checkpoints, so end of partition waits for the final one
     */
    EndOfInput(int channels, boolean checkpointing) {
        this.checkpointing = checkpointing;
        this.channelDataEnded = new boolean[channels];
        this.channelsWithData = channels;
    }

    /**
     * Input {@code channel} delivered its end of data (or ended, which implies it). Returns true when it was the
     * last channel with data: end of data must go out now. Idempotent per channel.
     */
    boolean channelDataEnded(int channel) {
        if (channelDataEnded[channel]) {
            return false;
        }
        channelDataEnded[channel] = true;
        return --channelsWithData == 0;
    }

    /** The operators finished and end of data went out. */
    void dataEnded() {
        dataEnded = true;
    }

    boolean isDataEnded() {
        return dataEnded;
    }

    /** Checkpoint {@code checkpointId} is being taken; the first one after end of data is the final checkpoint. */
    void checkpointTaken(long checkpointId) {
        if (dataEnded && finalCheckpointId < 0) {
            finalCheckpointId = checkpointId;
        }
    }

    /** Checkpoint {@code checkpointId} is complete; it completes the final checkpoint if it is that or later. */
    void checkpointComplete(long checkpointId) {
        if (finalCheckpointId >= 0 && checkpointId >= finalCheckpointId) {
            finalCheckpointComplete = true;
        }
    }

    /**
     * Whether end of partition may go out now: after end of data, once every input channel has ended
     * ({@code allChannelsEnded}, always true for a source) and, with checkpointing, the final checkpoint is complete.
     */
    boolean mayEndPartition(boolean allChannelsEnded) {
        return dataEnded && allChannelsEnded && (!checkpointing || finalCheckpointComplete);
    }

    /** End of partition went out. */
    void partitionEnded() {
        ending = true;
    }

    /** Whether end of partition went out: a barrier now would trail it. */
    boolean isEnding() {
        return ending;
    }
}
