package io.flinkstream.api.source;

import java.io.Serializable;
import java.util.List;

/**
 * A user-defined source: a factory of {@link SourceReader}s, one per subtask, and of the initial splits of the input.
 *
 * <p>The input is divided into <em>splits</em> (a file, a partition, a range of numbers). Each split is an immutable
 * value that carries its own position, so a reader's whole progress is the list of splits it still holds: that list
 * is what a checkpoint stores and what a restored reader gets back through {@link SourceReader#addSplits(List)},
 * possibly redistributed over a different number of subtasks.
 *
 * @param <T> record type
 * @param <SplitT> split type, immutable and serializable
 */
public interface Source<T, SplitT extends Serializable> extends Serializable {

    /** Whether the input ends ({@link Boundedness#BOUNDED}) or runs until cancelled. */
    Boundedness getBoundedness();

    /** The splits subtask {@code subtaskIndex} of {@code parallelism} starts with when the job starts fresh. */
    List<SplitT> initialSplits(int subtaskIndex, int parallelism);

    /** Creates the reader of one subtask; it receives its splits through {@link SourceReader#addSplits(List)}. */
    SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception;
}
