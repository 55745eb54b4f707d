package io.flinkstream.runtime.task;

import akka.actor.typed.ActorRef;
import io.flinkstream.runtime.graph.ChannelLayout;
import io.flinkstream.runtime.graph.JobEdge;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.runtime.network.RecordBatchSerializer;
import io.flinkstream.runtime.network.frames.ChannelEvent;
import io.flinkstream.runtime.network.frames.Credit;
import io.flinkstream.runtime.network.frames.Frame;
import io.flinkstream.runtime.network.frames.WireTraffic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The sending side of one subtask attempt: a {@link ChannelWriter} per output edge and target subtask, grouped into
 * one {@link RecordWriter} per edge for the operator chain. It routes each credit to its channel, sends an event
 * (barrier, end of data, end of partition) on every channel behind the records buffered there, and flushes partly
 * filled batches.
 */
final class OutputChannels {
    private final Map<Long, ChannelWriter> writersByEdgeAndTarget = new HashMap<>();
    private final Map<Integer, RecordWriter> recordWriters = new HashMap<>();

    OutputChannels(JobGraph graph, JobVertex vertex, int subtask, int attempt,
                   Map<Integer, List<ActorRef<Frame>>> subtasks, ClassLoader loader,
                   OutputPressure pressure, WireTraffic traffic) {
        for (JobEdge edge : graph.edges()) {
            if (edge.sourceVertex() != vertex.id()) {
                continue;
            }
            int[] targets = ChannelLayout.targetSubtasks(graph, edge, subtask);
            int channel = ChannelLayout.channelAtTarget(graph, edge, subtask);
            boolean keyed = edge.keySelector() != null;
            ChannelWriter[] channels = new ChannelWriter[targets.length];
            for (int i = 0; i < targets.length; i++) {
                ActorRef<Frame> target = subtasks.get(edge.targetVertex()).get(targets[i]);
                boolean remote = isOnAnotherNode(target);
                boolean serialize = graph.settings().serializeLocalBatches() || remote;
                int batchSize = graph.settings().batchSize();
                channels[i] = new ChannelWriter(target, attempt, channel,
                        serialize ? SERIALIZED_BATCH_RECORDS_FACTOR * batchSize : batchSize, keyed, pressure,
                        serialize ? batchSerializer(graph, edge, keyed) : null, graph.producerOf(edge), traffic);
                if (traffic != null && remote) {
                    channels[i].limitBatchBytes(traffic.maxBatchBytes(),
                            "akka.remote.artery.advanced.maximum-frame-size");
                    channels[i].targetBatchBytes(traffic.remoteBatchBytes());
                }
                writersByEdgeAndTarget.put(edgeAndTarget(edge.id(), targets[i]), channels[i]);
            }
            KeyExtractor keys = keyed ? new KeyExtractor(edge.keySelector().deserialize(loader),
                    KeyExtractor.describe(graph, edge.targetVertex())) : null;
            recordWriters.put(edge.id(), new RecordWriter(edge.partitioning(), channels, keys,
                    graph.maxParallelism(), subtask));
        }
    }

    /**
     * Serialized batches, bounded by bytes ({@code flinkstream.network.remote-batch-bytes}), hold at most this many
     * times {@code flinkstream.network.batch-size} records, so that tiny records still make batches a receiver works
     * through in a bounded time.
     */
    static final int SERIALIZED_BATCH_RECORDS_FACTOR = 8;

    /** One per channel: each fills its own batch as records come. */
    private static RecordBatchSerializer batchSerializer(JobGraph graph, JobEdge edge, boolean keyed) {
        return new RecordBatchSerializer(edge.recordSerializer(), keyed, graph.describeRecordsOf(edge));
    }

    /**
     * Whether frames to {@code target} leave this JVM: Akka resolves a reference to an actor of this actor system to
     * a local one, whose address has no host, and serializes only messages to others.
     */
    static boolean isOnAnotherNode(ActorRef<?> target) {
        return !akka.actor.typed.javadsl.Adapter.toClassic(target).path().address().hasLocalScope();
    }

    private static long edgeAndTarget(int edge, int target) {
        return ((long) edge << 32) | target;
    }

    /** The record writer of every output edge, by edge id. */
    Map<Integer, RecordWriter> recordWriters() {
        return recordWriters;
    }

    void onCredit(Credit credit) {
        ChannelWriter writer = writersByEdgeAndTarget.get(edgeAndTarget(credit.edge(), credit.targetSubtask()));
        if (writer == null) {
            throw new IllegalStateException("Credit for unknown channel: edge " + credit.edge() + ", subtask "
                    + credit.targetSubtask());
        }
        writer.addCredit(credit.credits());
    }

    /** Sends the event {@code eventForChannel} makes of each channel's number, behind its buffered records. */
    void sendToAll(IntFunction<ChannelEvent> eventForChannel) {
        for (ChannelWriter writer : writersByEdgeAndTarget.values()) {
            writer.flushAndSend(eventForChannel.apply(writer.channel()));
        }
    }

    /** Whether records sit in partly filled output batches. */
    boolean hasBufferedRecords() {
        for (ChannelWriter writer : writersByEdgeAndTarget.values()) {
            if (writer.hasBufferedRecords()) {
                return true;
            }
        }
        return false;
    }

    /** Sends every partly filled batch whose channel has credit. */
    void flushIfCredit() {
        for (ChannelWriter writer : writersByEdgeAndTarget.values()) {
            writer.flushIfCredit();
        }
    }
}
