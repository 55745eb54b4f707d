package io.flinkstream.api.source;

/** What a {@link SourceReader} knows about the subtask that runs it. */
public interface SourceReaderContext {
    /** 0-based index of this subtask. */
    int subtaskIndex();

    /** Number of parallel subtasks of the source. */
    int parallelism();
}
