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

/**
 * The sending end of one channel: fills batches and ships them while the receiver has granted credit. A full batch
 * without credit waits in {@code pending} and marks the task as backpressured; events (end of partition, and
 * barriers later) queue behind pending batches to keep their order, but need no credit.
 *
 * <p>Batches go by reference ({@link RecordBatch}) of up to {@code batchSize} records, or, given a
 * {@link RecordBatchSerializer}, serialized ({@link SerializedBatch}): each record is written as it is added, and the
 * batch ships when it holds {@code targetBatchBytes} bytes or {@code batchSize} records, whichever comes first; credit,
 * order and events are exactly as by reference. A channel to a subtask on another node is always given a serializer,
 * so records are written on this subtask's thread (a record that cannot be written fails the job naming the edge),
 * Akka only frames the bytes, and batches are bounded by bytes, as Flink's network buffers are: a few large records
 * never make a message larger than remoting carries, many small ones share one message.
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
    /** Serialized batches ship at this many bytes of records. */
    private long targetBatchBytes = DEFAULT_TARGET_BATCH_BYTES;
    /** The default of {@link #targetBatchBytes}: {@code flinkstream.network.remote-batch-bytes}' default. */
    static final int DEFAULT_TARGET_BATCH_BYTES = 64 * 1024;
    /** One append in this many is timed (two clock reads), and counted this many times. */
    private static final int TIMED_APPEND_EVERY = 64;
    private int appendsUntilTimed = TIMED_APPEND_EVERY;
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
        if (serializer == null) {
            allocateBatch();
        }
    }

    void add(Object record) {
        if (serializer != null) {
            append(record, 0);
            return;
        }
        records[size++] = record;
        if (size == batchSize) {
            ship();
        }
    }

    void add(Object record, Object key, int keyGroup) {
        if (serializer != null) {
            append(record, keyGroup); // the receiver derives the key from the record
            return;
        }
        records[size] = record;
        keys[size] = key;
        keyGroups[size++] = keyGroup;
        if (size == batchSize) {
            ship();
        }
    }

    /** Writes a record into the serialized batch, and ships the batch when it is full. */
    private void append(Object record, int keyGroup) {
        boolean timed = traffic != null && --appendsUntilTimed <= 0;
        long start = timed ? System.nanoTime() : 0;
        try {
            serializer.append(record, keyGroup);
        } catch (UnserializableTypeException e) {
            throw new UserCodeException(producer, e);
        }
        if (timed) {
            appendsUntilTimed = TIMED_APPEND_EVERY;
            long nanos = System.nanoTime() - start - WireTraffic.NANO_TIME_COST;
            if (nanos < 1_000_000) { // longer: the thread lost its core meanwhile; not the append's cost
                traffic.batchSerialized(Math.max(0, nanos) * TIMED_APPEND_EVERY);
            }
        }
        long bytes = serializer.appendedBytes();
        if (bytes > maxBatchBytes) {
            long recordBytes = serializer.lastRecordBytes();
            if (recordBytes > maxBatchBytes) {
                // The records before it go out: the emitting code may catch the error and go on (a flat map may
                // guard its collect), and they must then arrive, as after an unwritable record. It alone is dropped.
                if (serializer.appendedRecords() > 1) {
                    ship(serializer.takeAllButLast());
                }
                serializer.take();
                throw recordTooLarge(recordBytes);
            }
            ship(serializer.takeAllButLast());
            bytes = serializer.appendedBytes();
        }
        if (bytes >= targetBatchBytes || serializer.appendedRecords() >= batchSize) {
            ship();
        }
    }

    private UserCodeException recordTooLarge(long bytes) {
        return new UserCodeException(producer, new io.flinkstream.api.SuppressRestartsException("A record from "
                + "operator '" + producer + "' to another node is " + bytes + " bytes serialized, more than the "
                + maxBatchBytes + " bytes a message between nodes may carry (" + batchLimitSetting + ", less 4 KiB "
                + "for the envelope): remoting would drop such a message. Raise " + batchLimitSetting + " on every "
                + "node above the largest record (flinkstream.network.remote-batch-bytes keeps batches of smaller "
                + "records at their size)", null));
    }

    /** Records added and not yet shipped. */
    private int buffered() {
        return serializer != null ? serializer.appendedRecords() : size;
    }

    /** Sends a partly filled batch if credit allows; returns false when records stay buffered. */
    boolean flushIfCredit() {
        int buffered = buffered();
        if (buffered > 0 && (credit == 0 || !pending.isEmpty())) {
            return false;
        }
        if (buffered > 0) {
            ship();
        }
        return true;
    }

    /** Ships the partly filled batch and then {@code event}, waiting for credit if needed. */
    void flushAndSend(ChannelEvent event) {
        if (buffered() > 0) {
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
        return buffered() > 0;
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
        if (serializer == null) {
            ship(null);
            return;
        }
        long start = traffic == null ? 0 : System.nanoTime();
        io.flinkstream.runtime.network.SerializedRecordBatch taken = serializer.take();
        if (traffic != null) {
            traffic.batchSerialized(System.nanoTime() - start);
        }
        ship(taken);
    }

    /** Ships {@code serialized}, or the batch by reference when it is null. */
    private void ship(io.flinkstream.runtime.network.SerializedRecordBatch serialized) {
        DataBatch batch = serialized == null ? takeBatch() : new SerializedBatch(attempt, channel, serialized);
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
     * largest message remoting delivers (a larger one would be dropped and the job would wait for it forever). A batch
     * that a record would take past it ships without that record; a record larger on its own fails the job.
     */
    void limitBatchBytes(long maxBytes, String limitSetting) {
        this.maxBatchBytes = maxBytes;
        this.batchLimitSetting = limitSetting;
        this.targetBatchBytes = Math.min(targetBatchBytes, maxBytes);
    }

    /** Serialized batches ship once they hold {@code bytes} bytes of records (at most the limit above). */
    void targetBatchBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("A batch's target size must be at least one byte, was " + bytes);
        }
        this.targetBatchBytes = Math.min(bytes, maxBatchBytes);
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
