package io.flinkstream.runtime.task;

import io.flinkstream.api.Collector;
import io.flinkstream.api.KeySelector;
import io.flinkstream.runtime.graph.Partitioning;
import io.flinkstream.state.KeyGroupRangeAssignment;

/**
 * The sending end of one network edge in one subtask: picks the channel of each record by the edge's partitioning
 * and appends the record to that channel's batch. For a keyed edge the key and its key group travel with the record,
 * so the receiver neither recomputes them nor needs the key selector.
 */
final class RecordWriter implements Collector<Object> {
    private final Partitioning partitioning;
    private final ChannelWriter[] channels;
    private final KeySelector<Object, Object> keySelector;
    private final int maxParallelism;
    private final String keyByDescription;
    private int nextChannel;

    RecordWriter(Partitioning partitioning, ChannelWriter[] channels, KeySelector<Object, Object> keySelector,
                 int maxParallelism, int senderSubtask, String keyByDescription) {
        this.partitioning = partitioning;
        this.channels = channels;
        this.keySelector = keySelector;
        this.maxParallelism = maxParallelism;
        this.keyByDescription = keyByDescription;
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
                Object key = keyOf(record);
                int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
                int target = KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(maxParallelism,
                        channels.length, keyGroup);
                channels[target].add(record, key, keyGroup);
            }
            default -> throw new IllegalStateException("Unknown partitioning " + partitioning);
        }
    }

    private Object keyOf(Object record) {
        Object key;
        try {
            key = keySelector.getKey(record);
        } catch (Exception e) {
            throw new UserCodeException(keyByDescription, e);
        }
        if (key == null) {
            throw new UserCodeException(keyByDescription, new NullPointerException(
                    "The key selector returned a null key for record " + record + ": keys must not be null"));
        }
        return key;
    }

    ChannelWriter[] channels() {
        return channels;
    }
}
