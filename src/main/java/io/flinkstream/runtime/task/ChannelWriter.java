package io.flinkstream.runtime.task;

import akka.actor.typed.ActorRef;

import java.util.ArrayDeque;

/**
 * The sending end of one channel: fills batches and ships them while the receiver has granted credit. A full batch
 * without credit waits in {@code pending} and marks the task as backpressured; events (end of partition, and
 * barriers later) queue behind pending batches to keep their order, but need no credit.
 */
final class ChannelWriter {
    private final ActorRef<SubtaskActor.Command> target;
    private final int attempt;
    private final int channel;
    private final int batchSize;
    private final boolean keyed;
    private final OutputPressure pressure;
    private final ArrayDeque<SubtaskActor.Command> pending = new ArrayDeque<>();

    private int credit;
    private Object[] records;
    private Object[] keys;
    private int[] keyGroups;
    private int size;
    private long batchesSent;

    ChannelWriter(ActorRef<SubtaskActor.Command> target, int attempt, int channel, int batchSize, boolean keyed,
                  OutputPressure pressure) {
        this.target = target;
        this.attempt = attempt;
        this.channel = channel;
        this.batchSize = batchSize;
        this.keyed = keyed;
        this.pressure = pressure;
        newBatch();
    }

    void add(Object record) {
        records[size++] = record;
        if (size == batchSize) {
            ship();
        }
    }

    void add(Object record, Object key, int keyGroup) {
        records[size] = record;
        keys[size] = key;
        keyGroups[size++] = keyGroup;
        if (size == batchSize) {
            ship();
        }
    }

    /** Sends a partly filled batch if credit allows; returns false when records stay buffered. */
    boolean flushIfCredit() {
        if (size > 0 && (credit == 0 || !pending.isEmpty())) {
            return false;
        }
        if (size > 0) {
            ship();
        }
        return true;
    }

    /** Ships the partly filled batch and then {@code event}, waiting for credit if needed. */
    void flushAndSend(SubtaskActor.Command event) {
        if (size > 0) {
            ship();
        }
        if (pending.isEmpty()) {
            target.tell(event);
        } else {
            pending.add(event);
        }
    }

    void addCredit(int granted) {
        credit += granted;
        boolean wasBlocked = !pending.isEmpty();
        while (!pending.isEmpty() && (credit > 0 || !(pending.peek() instanceof SubtaskActor.RecordBatch))) {
            SubtaskActor.Command next = pending.poll();
            if (next instanceof SubtaskActor.RecordBatch) {
                credit--;
                batchesSent++;
            }
            target.tell(next);
        }
        if (wasBlocked && pending.isEmpty()) {
            pressure.channelUnblocked();
        }
    }

    boolean hasBufferedRecords() {
        return size > 0;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The channel number at the target. */
    int channel() {
        return channel;
    }

    long batchesSent() {
        return batchesSent;
    }

    private void ship() {
        SubtaskActor.RecordBatch batch = new SubtaskActor.RecordBatch(attempt, channel, records, keys, keyGroups,
                size);
        newBatch();
        if (credit > 0 && pending.isEmpty()) {
            credit--;
            batchesSent++;
            target.tell(batch);
        } else {
            if (pending.isEmpty()) {
                pressure.channelBlocked();
            }
            pending.add(batch);
        }
    }

    private void newBatch() {
        records = new Object[batchSize];
        if (keyed) {
            keys = new Object[batchSize];
            keyGroups = new int[batchSize];
        }
        size = 0;
    }
}
