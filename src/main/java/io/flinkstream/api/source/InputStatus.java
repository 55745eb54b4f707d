package io.flinkstream.api.source;

/** What {@link SourceReader#pollNext(ReaderOutput)} says about the input after a call. */
public enum InputStatus {
    /** More records can be read right away: the runtime calls again soon. */
    MORE_AVAILABLE,
    /** Nothing to read now; the runtime calls again after a short pause, without blocking a thread. */
    NOTHING_AVAILABLE,
    /** The reader's splits are all read: its subtask ends once downstream has everything. */
    END_OF_INPUT
}
