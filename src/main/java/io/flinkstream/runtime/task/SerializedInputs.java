package io.flinkstream.runtime.task;

import io.flinkstream.runtime.graph.ChannelLayout;
import io.flinkstream.runtime.graph.JobEdge;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.network.RecordBatchDeserializer;
import io.flinkstream.runtime.network.frames.RecordBatch;
import io.flinkstream.runtime.network.frames.SerializedBatch;
import io.flinkstream.state.KeyGroupRangeAssignment;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The receiving side of serialized batches: turns a {@link SerializedBatch} back into the {@link RecordBatch} the
 * task consumes, with one {@link RecordBatchDeserializer} per input edge. A keyed batch carries its records' key
 * groups but not their keys: the keys are derived here with the edge's key selector, as Flink's receiving operators
 * do, and each must fall in the key group the sender computed, or the task fails naming the keyBy (a key selector that
 * is not deterministic, or a key whose hash code differs between JVMs, would otherwise put state under a key group
 * that a restore at another parallelism hands to the wrong subtask). The arrays are reused, which is safe because the
 * task consumes one batch entirely before it decodes the next.
 */
final class SerializedInputs {
    private static final Object[] NO_KEYS = new Object[0];

    private final JobGraph graph;
    private final List<ChannelLayout.InputChannel> channels;
    private final ClassLoader classLoader;
    private final Map<Integer, EdgeInput> byEdge = new HashMap<>();

    SerializedInputs(JobGraph graph, List<ChannelLayout.InputChannel> channels, ClassLoader classLoader) {
        this.graph = graph;
        this.channels = channels;
        this.classLoader = classLoader;
    }

    /**
     * The records of {@code batch}, valid until the next call.
     *
     * @throws IOException when the batch cannot be read; the message names the edge
     * @throws UserCodeException when the key selector fails, or gives a key of another key group than the sender's
     */
    RecordBatch decode(SerializedBatch batch) throws IOException {
        EdgeInput input = byEdge.computeIfAbsent(channels.get(batch.channel()).edgeId(), this::inputOf);
        RecordBatchDeserializer reader = input.reader;
        int size = reader.deserialize(batch.batch());
        if (!reader.keyed()) {
            return new RecordBatch(batch.attempt(), batch.channel(), reader.records(), null, null, size);
        }
        Object[] records = reader.records();
        int[] keyGroups = reader.keyGroups();
        Object[] keys = input.keys(size);
        for (int i = 0; i < size; i++) {
            Object key = input.extractor.keyOf(records[i]);
            int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, graph.maxParallelism());
            if (keyGroup != keyGroups[i]) {
                Arrays.fill(keys, 0, i, null);
                throw new UserCodeException(input.extractor.keyBy(), new IllegalStateException("The key selector "
                        + "gave key " + key + " (key group " + keyGroup + ") for a record whose sender had computed "
                        + "key group " + keyGroups[i] + " for it: a key selector must return the same key for the "
                        + "same record each time it is called and in every JVM, with a hashCode that is the same in "
                        + "every JVM (no random or time-dependent keys, no identity hash codes)"
                        + input.extractor.readBack()));
            }
            keys[i] = key;
        }
        input.forgetKeysFrom(size);
        return new RecordBatch(batch.attempt(), batch.channel(), records, keys, keyGroups, size);
    }

    private EdgeInput inputOf(int edgeId) {
        JobEdge edge = graph.edge(edgeId);
        boolean keyed = edge.keySelector() != null;
        RecordBatchDeserializer reader = new RecordBatchDeserializer(edge.recordSerializer(), keyed,
                graph.describeRecordsOf(edge));
        KeyExtractor extractor = keyed ? new KeyExtractor(edge.keySelector().deserialize(classLoader),
                KeyExtractor.describe(graph, edge.targetVertex()),
                KeyExtractor.readBackHint(graph.describeRecordsOf(edge))) : null;
        return new EdgeInput(reader, extractor);
    }

    /** One input edge: its deserializer and, when keyed, its key selector and the reused array of keys. */
    private static final class EdgeInput {
        final RecordBatchDeserializer reader;
        final KeyExtractor extractor;
        private Object[] keys = NO_KEYS;
        private int lastCount;

        EdgeInput(RecordBatchDeserializer reader, KeyExtractor extractor) {
            this.reader = reader;
            this.extractor = extractor;
        }

        Object[] keys(int size) {
            if (keys.length < size) {
                keys = Arrays.copyOf(keys, Math.max(size, reader.records().length));
            }
            return keys;
        }

        /** Drops the keys of a larger batch read before, so that they can be collected. */
        void forgetKeysFrom(int size) {
            if (lastCount > size) {
                Arrays.fill(keys, size, lastCount, null);
            }
            lastCount = size;
        }
    }
}
