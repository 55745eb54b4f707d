package io.flinkstream.connectors;

import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The elements of an in-memory collection, in order, from one subtask. Behind {@code env.fromElements(...)} and
 * {@code env.fromCollection(...)}.
 *
 * @param <T> element type
 */
public final class CollectionSource<T> implements Source<T, CollectionSource.Position> {
    private final ArrayList<T> elements;

    /**
     * How far the single reader got.
     *
     * @param nextIndex index of the next element to emit
     */
    public record Position(int nextIndex) implements java.io.Serializable {
    }

    public CollectionSource(Collection<T> elements) {
        this.elements = new ArrayList<>(elements);
        for (int i = 0; i < this.elements.size(); i++) {
            if (this.elements.get(i) == null) {
                throw new IllegalArgumentException("Element " + i + " of the collection is null; streams carry no "
                        + "null records");
            }
        }
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Position> initialSplits(int subtaskIndex, int parallelism) {
        return subtaskIndex == 0 ? List.of(new Position(0)) : List.of();
    }

    @Override
    public SourceReader<T, Position> createReader(SourceReaderContext context) {
        return new SourceReader<>() {
            private int next = -1;

            @Override
            public void addSplits(List<Position> splits) {
                for (Position p : splits) {
                    next = Math.max(next, p.nextIndex());
                }
            }

            @Override
            public InputStatus pollNext(ReaderOutput<T> output) {
                if (next < 0 || next >= elements.size()) {
                    return InputStatus.END_OF_INPUT;
                }
                output.collect(elements.get(next++));
                return next < elements.size() ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
            }

            @Override
            public List<Position> snapshotState(long checkpointId) {
                return next < 0 ? List.of() : List.of(new Position(next));
            }
        };
    }
}
