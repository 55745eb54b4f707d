package io.flinkstream.runtime.task;

import akka.actor.typed.ActorRef;
import io.flinkstream.api.typeutils.runtime.UnserializableTypeException;
import io.flinkstream.runtime.network.RecordBatchSerializer;
import io.flinkstream.runtime.network.frames.ChannelEvent;
import io.flinkstream.runtime.network.frames.ChannelFrame;
import io.flinkstream.runtime.network.frames.DataBatch;
import io.flinkstream.runtime.network.frames.Frame;
import io.flinkstream.runtime.network.frames.RecordBatch;
import io.flinkstream.runtime.network.frames.SerializedBatch;
import io.flinkstream.runtime.network.frames.WireTraffic;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The sending end of one channel: fills batches and ships them while the receiver has granted credit. A full batch
 * without credit waits in {@code pending} and marks the task as backpressured; events (end of partition, and
 * barriers later) queue behind pending batches to keep their order, but need no credit.
 *
 * <p>Batches go by reference ({@link RecordBatch}), or, given a {@link RecordBatchSerializer}, serialized as they ship
 * ({@link SerializedBatch}): then the record arrays are reused, and credit, order and events are exactly as by
 * reference. A channel to a subtask on another node is always given a serializer, so records are written on this
 * subtask's thread (a record that cannot be written fails the job naming the edge) and Akka only frames the bytes.
 */
final class ChannelWriter {
    private final ActorRef<Frame> target;
    private final int attempt;
    private final int channel;
    private final int batchSize;
    private final boolean keyed;
    private final OutputPressure pressure;
    private final RecordBatchSerializer serializer;
    private long maxBatchBytes = Long.MAX_VALUE;
    private String batchLimitSetting = "";
    private final String producer;
    private final WireTraffic traffic;
    private final ArrayDeque<ChannelFrame> pending = new ArrayDeque<>();

    private int credit;
    private Object[] records;
    private Object[] keys;
    private int[] keyGroups;
    private int size;
    private long batchesSent;

    ChannelWriter(ActorRef<Frame> target, int attempt, int channel, int batchSize, boolean keyed,
                  OutputPressure pressure) {
        this(target, attempt, channel, batchSize, keyed, pressure, null, null, null);
    }

    /**
     * @param serializer serializes each batch as it ships, or null: batches go by reference; may be shared by the
     *     channels of one edge in one subtask
     * @param producer the operator emitting into the channel, named when a record cannot be serialized
     * @param traffic where the time spent serializing batches is added up, or null
     */
    ChannelWriter(ActorRef<Frame> target, int attempt, int channel, int batchSize, boolean keyed,
                  OutputPressure pressure, RecordBatchSerializer serializer, String producer, WireTraffic traffic) {
        if (serializer != null && serializer.keyed() != keyed) {
            throw new IllegalArgumentException("A " + (keyed ? "" : "non-") + "keyed channel needs a "
                    + (keyed ? "" : "non-") + "keyed batch serializer");
        }
        this.serializer = serializer;
        this.producer = producer;
        this.traffic = traffic;
        this.target = target;
        this.attempt = attempt;
        this.channel = channel;
        this.batchSize = batchSize;
        this.keyed = keyed;
        this.pressure = pressure;
        allocateBatch();
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
    void flushAndSend(ChannelEvent event) {
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
        while (!pending.isEmpty() && (credit > 0 || !(isBatch(pending.peek())))) {
            ChannelFrame next = pending.poll();
            if (isBatch(next)) {
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

    /** Batches take credit; events do not. */
    private static boolean isBatch(ChannelFrame frame) {
        return frame instanceof DataBatch;
    }

    private void ship() {
        DataBatch batch = serializer == null ? takeBatch() : serializeBatch();
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

    /** The filled batch by reference; the next records go to new arrays. */
    private RecordBatch takeBatch() {
        RecordBatch batch = new RecordBatch(attempt, channel, records, keys, keyGroups,
                size);
        allocateBatch();
        return batch;
    }

    /**
     * Batches on this channel may be at most {@code maxBytes} serialized: a channel to another node is bounded by the
     * largest message remoting delivers (a larger one would be dropped and the job would wait for it forever).
     */
    void limitBatchBytes(long maxBytes, String limitSetting) {
        this.maxBatchBytes = maxBytes;
        this.batchLimitSetting = limitSetting;
    }

    /** The filled batch serialized; the arrays are cleared and reused. */
    private SerializedBatch serializeBatch() {
        int count = size;
        size = 0;
        long start = traffic == null ? 0 : WireTraffic.threadCpuNanos();
        try {
            io.flinkstream.runtime.network.SerializedRecordBatch bytes =
                    serializer.serialize(records, keys, keyGroups, count);
            if (bytes.bytes().length > maxBatchBytes) {
                throw new UserCodeException(producer, new io.flinkstream.api.SuppressRestartsException("A batch of "
                        + count + " records from operator '" + producer + "' to another node is "
                        + bytes.bytes().length + " bytes, more than the " + maxBatchBytes + " bytes a message "
                        + "between nodes may carry (" + batchLimitSetting + ", less 4 KiB for the envelope): such a "
                        + "message would be dropped. Lower flinkstream.network.batch-size (now " + batchSize
                        + "), or raise " + batchLimitSetting + " on every node (the only way when one record alone "
                        + "is that large)", null));
            }
            SerializedBatch batch = new SerializedBatch(attempt, channel, bytes);
            if (traffic != null) {
                traffic.batchSerialized(WireTraffic.threadCpuNanos() - start);
            }
            return batch;
        } catch (UnserializableTypeException e) {
            throw new UserCodeException(producer, e);
        } finally {
            Arrays.fill(records, 0, count, null);
            if (keys != null) {
                Arrays.fill(keys, 0, count, null);
            }
        }
    }

    private void allocateBatch() {
        records = new Object[batchSize];
        if (keyed) {
            keys = new Object[batchSize];
            keyGroups = new int[batchSize];
        }
        size = 0;
    }
}
