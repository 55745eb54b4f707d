package io.flinkstream.runtime.task;

import io.flinkstream.api.Collector;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;
import io.flinkstream.runtime.graph.JobVertex;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The input of a source subtask: the user's {@link SourceReader}, given its splits — restored ones or the source's
 * initial assignment — then polled without blocking until a budget of records is emitted, and asked for its
 * splits' positions at each checkpoint. It counts what the reader emits and tags the reader's failures with the
 * source's name.
 */
final class SourceInput {
    private final JobVertex vertex;
    private final int subtask;
    private final Source<Object, Serializable> source;
    private final SourceReader<Object, Serializable> reader;
    private final CountingOutput output;

    /** Creates the reader of this subtask; {@link #addSplits} must follow. */
    SourceInput(JobVertex vertex, int subtask, ClassLoader classLoader, Collector<Object> chainOutput,
                TaskActors actors) throws Exception {
        this.vertex = vertex;
        this.subtask = subtask;
        this.source = vertex.source().deserialize(classLoader);
        this.reader = source.createReader(new ReaderContext(subtask, vertex.parallelism()));
        if (actors != null && reader instanceof io.flinkstream.api.actor.TaskActorAware aware) {
            try {
                aware.setTaskActorContext(actors.forOperator(vertex.sourceName(), "source '" + vertex.sourceName()
                        + "' (subtask " + (subtask + 1) + "/" + vertex.parallelism() + ")"));
            } catch (RuntimeException e) {
                throw new UserCodeException(vertex.sourceName(), e);
            }
        }
        this.output = new CountingOutput(chainOutput);
    }

    /**
     * Gives the reader the restored splits, or without restored state (or for a source the checkpoint does not know)
     * the source's initial ones.
     */
    @SuppressWarnings("unchecked")
    void addSplits(RestoredState restored) {
        reader.addSplits(restored != null && restored.sourceSplits() != null ? (List) restored.sourceSplits()
                : source.initialSplits(subtask, vertex.parallelism()));
    }

    /**
     * Polls until {@code budget} more records are emitted, the output is blocked, or the reader has nothing more to
     * give now; returns the reader's last status.
     */
    InputStatus poll(long budget, OutputPressure pressure) {
        long limit = output.count + budget;
        InputStatus status = InputStatus.MORE_AVAILABLE;
        while (output.count < limit && !pressure.isBlocked()) {
            try {
                status = reader.pollNext(output);
            } catch (UserCodeException e) {
                throw e;
            } catch (Exception e) {
                throw new UserCodeException(vertex.sourceName(), e);
            }
            if (status != InputStatus.MORE_AVAILABLE) {
                break;
            }
        }
        return status;
    }

    /** The reader's splits with their positions, for checkpoint {@code checkpointId}. */
    List<Serializable> snapshotSplits(long checkpointId) {
        return new ArrayList<>(reader.snapshotState(checkpointId));
    }

    void notifyCheckpointComplete(long checkpointId) throws Exception {
        reader.notifyCheckpointComplete(checkpointId);
    }

    void notifyCheckpointAborted(long checkpointId) throws Exception {
        reader.notifyCheckpointAborted(checkpointId);
    }

    /** How many records the reader emitted. */
    long recordsOut() {
        return output.count;
    }

    /** Closes the reader; returns its failure or null. */
    Exception close() {
        try {
            reader.close();
            return null;
        } catch (Exception e) {
            return new UserCodeException(vertex.sourceName(), e);
        }
    }

    private record ReaderContext(int subtaskIndex, int parallelism) implements SourceReaderContext {
    }

    /** Counts what the source emits: the progress figure and the slice budget. */
    private static final class CountingOutput implements Collector<Object>, ReaderOutput<Object> {
        private final Collector<Object> target;
        private long count;

        CountingOutput(Collector<Object> target) {
            this.target = target;
        }

        @Override
        public void collect(Object record) {
            if (record == null) {
                throw new NullPointerException("The source emitted a null record; streams carry no null records");
            }
            count++;
            target.collect(record);
        }
    }
}
