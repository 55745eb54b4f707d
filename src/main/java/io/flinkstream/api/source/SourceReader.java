package io.flinkstream.api.source;

import java.io.Serializable;
import java.util.List;

/**
 * Reads the records of its splits, pull-based and without blocking: the runtime calls {@link #pollNext} from the
 * subtask's actor, so a call must return quickly (emit what is ready, then say whether more is).
 *
 * <pre>{@code
 * public InputStatus pollNext(ReaderOutput<Long> out) {
 *     if (next > end) return InputStatus.END_OF_INPUT;
 *     out.collect(next++);
 *     return InputStatus.MORE_AVAILABLE;
 * }
 * }</pre>
 *
 * @param <T> record type
 * @param <SplitT> split type
 */
public interface SourceReader<T, SplitT extends Serializable> extends AutoCloseable {

    /** Hands the reader splits to read: at start, or on restore with the positions a checkpoint stored. */
    void addSplits(List<SplitT> splits);

    /** Emits zero or more records; never blocks. */
    InputStatus pollNext(ReaderOutput<T> output) throws Exception;

    /**
     * The splits this reader still holds, each carrying the position of the next record to read. Called between
     * two {@link #pollNext} calls, so the position is exact.
     */
    List<SplitT> snapshotState(long checkpointId);

    /** Called when a checkpoint including this reader's state has completed. */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    /**
     * Called when a checkpoint was aborted (declined, expired, failed or subsumed): the state this reader gave for
     * it will never be used. As in Flink, the default does nothing.
     */
    default void notifyCheckpointAborted(long checkpointId) throws Exception {
    }

    /** Releases what the reader holds. */
    @Override
    default void close() throws Exception {
    }
}
