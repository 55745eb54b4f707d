package io.flinkstream.connectors;

import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;
import io.flinkstream.api.typeutils.DataInputDeserializer;
import io.flinkstream.api.typeutils.DataOutputSerializer;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.UnserializableTypeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

/**
 * The elements of an in-memory collection, in order, from one subtask. Behind {@code env.fromElements(...)} and
 * {@code env.fromCollection(...)}. The elements are serialized with their type's serializer when the job is defined,
 * as Flink does, so they need not be {@link java.io.Serializable} and each run reads its own fresh copies.
 *
 * @param <T> element type
 */
public final class CollectionSource<T> implements Source<T, CollectionSource.Position> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<T> serializer;
    private final byte[] data;
    private final int[] offsets;

    /**
     * How far the single reader got.
     *
     * @param nextIndex index of the next element to emit
     */
    public record Position(int nextIndex) implements java.io.Serializable {
    }

    /**
     * @param serializer the serializer of the elements' type
     * @throws IllegalArgumentException if an element is null
     * @throws UnserializableTypeException naming the element when it cannot be serialized
     */
    public CollectionSource(Collection<T> elements, TypeSerializer<T> serializer) {
        this.serializer = serializer;
        this.offsets = new int[elements.size() + 1];
        DataOutputSerializer out = new DataOutputSerializer(64 + 16 * elements.size());
        int i = 0;
        for (T element : elements) {
            if (element == null) {
                throw new IllegalArgumentException("Element " + i + " of the collection is null; streams carry no "
                        + "null records");
            }
            offsets[i] = out.length();
            try {
                serializer.serialize(element, out);
            } catch (IOException e) {
                throw new UncheckedIOException("Element " + i + " of the collection could not be serialized", e);
            } catch (UnserializableTypeException e) {
                throw e.in("element " + i + " of fromElements/fromCollection");
            }
            i++;
        }
        offsets[i] = out.length();
        this.data = out.toByteArray();
    }

    /** The number of elements. */
    public int size() {
        return offsets.length - 1;
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
        TypeSerializer<T> own = serializer.duplicate();
        return new SourceReader<>() {
            private final DataInputDeserializer in = new DataInputDeserializer(data);
            private int next = -1;

            @Override
            public void addSplits(List<Position> splits) {
                for (Position p : splits) {
                    next = Math.max(next, p.nextIndex());
                }
            }

            @Override
            public InputStatus pollNext(ReaderOutput<T> output) throws IOException {
                if (next < 0 || next >= size()) {
                    return InputStatus.END_OF_INPUT;
                }
                in.setBuffer(data, offsets[next], offsets[next + 1] - offsets[next]);
                next++;
                output.collect(own.deserialize(in));
                return next < size() ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
            }

            @Override
            public List<Position> snapshotState(long checkpointId) {
                return next < 0 ? List.of() : List.of(new Position(next));
            }
        };
    }
}
