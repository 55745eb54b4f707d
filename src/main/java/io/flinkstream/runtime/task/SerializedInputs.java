package io.flinkstream.runtime.task;

import io.flinkstream.runtime.graph.ChannelLayout;
import io.flinkstream.runtime.graph.JobEdge;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.network.RecordBatchDeserializer;
import io.flinkstream.runtime.network.frames.RecordBatch;
import io.flinkstream.runtime.network.frames.SerializedBatch;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The receiving side of serialized batches: turns a {@link SerializedBatch} back into the
 * {@link RecordBatch} the task consumes, with one {@link RecordBatchDeserializer} per input edge. The
 * deserializer's arrays are reused, which is safe because the task consumes one batch entirely before it decodes the
 * next.
 */
final class SerializedInputs {
    private final List<ChannelLayout.InputChannel> channels;
    private final Map<Integer, RecordBatchDeserializer> byEdge = new HashMap<>();

    SerializedInputs(JobGraph graph, List<ChannelLayout.InputChannel> channels) {
        this.channels = channels;
        for (ChannelLayout.InputChannel channel : channels) {
            JobEdge edge = graph.edge(channel.edgeId());
            byEdge.computeIfAbsent(edge.id(), id -> new RecordBatchDeserializer(edge.recordSerializer(),
                    edge.keySelector() != null ? edge.keySerializer() : null, graph.describeRecordsOf(edge)));
        }
    }

    /**
     * The records of {@code batch}, valid until the next call.
     *
     * @throws IOException when the batch cannot be read; the message names the edge
     */
    RecordBatch decode(SerializedBatch batch) throws IOException {
        RecordBatchDeserializer reader = byEdge.get(channels.get(batch.channel()).edgeId());
        int size = reader.deserialize(batch.batch());
        return reader.keyed()
                ? new RecordBatch(batch.attempt(), batch.channel(), reader.records(), reader.keys(),
                        reader.keyGroups(), size)
                : new RecordBatch(batch.attempt(), batch.channel(), reader.records(), null, null, size);
    }
}
