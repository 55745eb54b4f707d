package io.flinkstream.runtime.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbers the input channels of every subtask, so that a sender knows which channel of its target it writes to and
 * a receiver knows whom to grant credit. Pure: both sides compute the same numbers from the same {@link JobGraph}.
 *
 * <p>A receiver's channels are laid out edge by edge, in the order of {@link JobVertex#inputEdges()}: a FORWARD
 * edge gives one channel (from the upstream subtask of the same index), any other edge one channel per upstream
 * subtask.
 */
public final class ChannelLayout {

    /**
     * One input channel of a subtask.
     *
     * @param index the channel's number at the receiver
     * @param edgeId the job edge it belongs to
     * @param upstreamVertex the sending vertex
     * @param upstreamSubtask the sending subtask
     */
    public record InputChannel(int index, int edgeId, int upstreamVertex, int upstreamSubtask) {
    }

    private ChannelLayout() {
    }

    /** The input channels of subtask {@code subtask} of {@code vertex}, indexed from 0. */
    public static List<InputChannel> inputChannels(JobGraph graph, int vertex, int subtask) {
        List<InputChannel> channels = new ArrayList<>();
        for (int edgeId : graph.vertex(vertex).inputEdges()) {
            JobEdge edge = graph.edge(edgeId);
            if (edge.partitioning() == Partitioning.FORWARD) {
                channels.add(new InputChannel(channels.size(), edgeId, edge.sourceVertex(), subtask));
            } else {
                int senders = graph.vertex(edge.sourceVertex()).parallelism();
                for (int s = 0; s < senders; s++) {
                    channels.add(new InputChannel(channels.size(), edgeId, edge.sourceVertex(), s));
                }
            }
        }
        return channels;
    }

    /** The target subtasks that {@code senderSubtask} writes to over {@code edge}. */
    public static int[] targetSubtasks(JobGraph graph, JobEdge edge, int senderSubtask) {
        if (edge.partitioning() == Partitioning.FORWARD) {
            return new int[] {senderSubtask};
        }
        int targets = graph.vertex(edge.targetVertex()).parallelism();
        int[] result = new int[targets];
        for (int t = 0; t < targets; t++) {
            result[t] = t;
        }
        return result;
    }

    /** The channel number, at any of its targets, of what {@code senderSubtask} writes over {@code edge}. */
    public static int channelAtTarget(JobGraph graph, JobEdge edge, int senderSubtask) {
        int offset = 0;
        for (int edgeId : graph.vertex(edge.targetVertex()).inputEdges()) {
            JobEdge input = graph.edge(edgeId);
            if (edgeId == edge.id()) {
                return offset + (input.partitioning() == Partitioning.FORWARD ? 0 : senderSubtask);
            }
            offset += input.partitioning() == Partitioning.FORWARD
                    ? 1 : graph.vertex(input.sourceVertex()).parallelism();
        }
        throw new IllegalArgumentException("Edge " + edge.id() + " is not an input of vertex " + edge.targetVertex());
    }
}
