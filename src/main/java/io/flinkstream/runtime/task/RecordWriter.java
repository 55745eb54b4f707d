package io.flinkstream.runtime.task;

import io.flinkstream.api.Collector;
import io.flinkstream.runtime.graph.Partitioning;
import io.flinkstream.state.KeyGroupRangeAssignment;

/**
 * The sending end of one network edge in one subtask: picks the channel of each record by the edge's partitioning
 * and appends the record to that channel's batch. For a keyed edge the key and its key group travel with the record
 * when the batch goes by reference, so the receiver need not recompute them; a serialized batch carries the key group
 * only, and the receiver derives the key with the same key selector (see {@link SerializedInputs}).
 */
final class RecordWriter implements Collector<Object> {
    private final Partitioning partitioning;
    private final ChannelWriter[] channels;
    private final KeyExtractor keys;
    private final int maxParallelism;
    private int nextChannel;

    /** @param keys the key selector of a keyed ({@code HASH}) edge, null for the others */
    RecordWriter(Partitioning partitioning, ChannelWriter[] channels, KeyExtractor keys, int maxParallelism,
                 int senderSubtask) {
        this.partitioning = partitioning;
        this.channels = channels;
        this.keys = keys;
        this.maxParallelism = maxParallelism;
        // Start round-robin at different channels so parallel senders do not all hit subtask 0 first.
        this.nextChannel = senderSubtask % channels.length;
    }

    @Override
    public void collect(Object record) {
        switch (partitioning) {
            case FORWARD -> channels[0].add(record);
            case REBALANCE -> {
                channels[nextChannel].add(record);
                if (++nextChannel == channels.length) {
                    nextChannel = 0;
                }
            }
            case HASH -> {
                Object key = keys.keyOf(record);
                int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
                int target = KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(maxParallelism,
                        channels.length, keyGroup);
                channels[target].add(record, key, keyGroup);
            }
            default -> throw new IllegalStateException("Unknown partitioning " + partitioning);
        }
    }

    ChannelWriter[] channels() {
        return channels;
    }
}
