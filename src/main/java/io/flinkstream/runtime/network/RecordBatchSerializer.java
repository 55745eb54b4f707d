package io.flinkstream.runtime.network;

import io.flinkstream.api.typeutils.DataOutputSerializer;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.UnserializableTypeException;

import java.io.IOException;

/**
 * Writes batches of records, and on a keyed edge their key groups, in the layout of {@link SerializedRecordBatch}.
 * One per sending channel or edge: it reuses one growing buffer, so each batch costs one exact-size copy and no other
 * allocation.
 *
 * <pre>{@code
 * RecordBatchSerializer writer = new RecordBatchSerializer(edge.recordSerializer(), true,
 *         "the records of operator 'Map' to 'Sink'");
 * SerializedRecordBatch batch = writer.serialize(records, keyGroups, size);
 * }</pre>
 *
 * <p>Or record by record, as they are emitted ({@link #append}), into a batch taken when it is big enough
 * ({@link #take}): the way a channel to another node fills its batches, bounded by bytes, with each record written the
 * moment it is emitted (as Flink writes records into network buffers), so a later change to an emitted object cannot
 * reach the batch.
 *
 * <pre>{@code
 * writer.append(record, keyGroup);
 * if (writer.appendedBytes() >= 64 * 1024) {
 *     channel.send(writer.take());
 * }
 * }</pre>
 *
 * <p>Not thread-safe. The serializers given are duplicated, so the shared ones of a job graph may be passed.
 */
public final class RecordBatchSerializer {
    private static final int INITIAL_BUFFER = 4096;

    private final TypeSerializer<Object> recordSerializer;
    private final boolean keyed;
    private final String edge;
    private final DataOutputSerializer out = new DataOutputSerializer(INITIAL_BUFFER);
    /** The records appended since the last {@link #take}, without the header; made at the first append. */
    private DataOutputSerializer appended;
    private int appendedRecords;
    /** Where the last appended record begins in {@link #appended}. */
    private int lastRecordStart;

    /**
     * @param recordSerializer the serializer of the records
     * @param keyed whether the batches are of a keyed edge: each record carries its key group
     * @param edge what the records are, for errors, e.g. "the records of operator 'Map' to 'Sink'"; may be null
     */
    public RecordBatchSerializer(TypeSerializer<Object> recordSerializer, boolean keyed, String edge) {
        if (recordSerializer == null) {
            throw new NullPointerException("A record batch serializer needs the records' serializer");
        }
        this.recordSerializer = recordSerializer.duplicate();
        this.keyed = keyed;
        this.edge = edge == null ? "a record batch" : edge;
    }

    /** Whether the batches carry key groups. */
    public boolean keyed() {
        return keyed;
    }

    /**
     * Serializes the first {@code size} records of a non-keyed batch.
     *
     * @throws UnserializableTypeException naming the edge, the record and its class when a record cannot be written
     */
    public SerializedRecordBatch serialize(Object[] records, int size) {
        return serialize(records, null, size);
    }

    /**
     * Serializes the first {@code size} records, and for a keyed serializer their key groups.
     *
     * @param keyGroups the records' key groups; ignored (may be null) when not keyed
     * @throws UnserializableTypeException naming the edge, the record and its class when a record cannot be
     *     written: the same value fails again after a restart, so the job fails without one
     */
    public SerializedRecordBatch serialize(Object[] records, int[] keyGroups, int size) {
        if (size < 0 || size > records.length || keyed && (keyGroups == null || size > keyGroups.length)) {
            throw new IllegalArgumentException("Cannot serialize " + size + " records of " + edge + " from arrays of "
                    + records.length + " records and " + (keyGroups == null ? "no" : keyGroups.length)
                    + " key groups");
        }
        if (appendedRecords > 0) {
            throw new IllegalStateException("Cannot serialize a whole batch of " + edge + " while " + appendedRecords
                    + " appended records wait to be taken");
        }
        try {
            for (int i = 0; i < size; i++) {
                append(records[i], keyed ? keyGroups[i] : 0);
            }
        } catch (RuntimeException | Error e) {
            take(); // the records before the failed one: the batch is not written
            throw e;
        }
        return take();
    }

    /**
     * Writes one record of a non-keyed batch at the end of the batch being appended.
     *
     * @throws UnserializableTypeException naming the edge, the record and its class when the record cannot be
     *     written; the batch is left as it was before
     */
    public void append(Object record) {
        append(record, 0);
    }

    /**
     * Writes one record, and for a keyed serializer its key group, at the end of the batch being appended.
     *
     * @throws UnserializableTypeException naming the edge, the record and its class when the record cannot be
     *     written; the batch is left as it was before, also when the serializer throws an {@link Error}
     */
    public void append(Object record, int keyGroup) {
        if (appended == null) {
            appended = new DataOutputSerializer(INITIAL_BUFFER);
        }
        int start = appended.length();
        try {
            if (keyed) {
                appended.writeVarInt(keyGroup);
            }
            write(record, appendedRecords, appended);
        } catch (RuntimeException | Error e) {
            // An Error too (a serializer recursing through a cyclic object overflows the stack): whoever catches it
            // must find the batch as it was, not half a record that would corrupt every record after it.
            appended.setPosition(start);
            throw e;
        }
        lastRecordStart = start;
        appendedRecords++;
    }

    /** Records appended since the last {@link #take}. */
    public int appendedRecords() {
        return appendedRecords;
    }

    /** Bytes of the records appended since the last {@link #take}, without the batch's few header bytes. */
    public int appendedBytes() {
        return appended == null ? 0 : appended.length();
    }

    /** Bytes of the last record appended (with its key group). */
    public int lastRecordBytes() {
        return appendedRecords == 0 ? 0 : appended.length() - lastRecordStart;
    }

    /** The appended records as one batch (one exact-size copy); the next append starts a new batch. */
    public SerializedRecordBatch take() {
        SerializedRecordBatch batch = batchOf(appendedRecords, appendedBytes());
        if (appended != null) {
            appended.clear();
        }
        appendedRecords = 0;
        return batch;
    }

    /**
     * The appended records but the last as one batch; the last record stays, as the first of the next batch. For a
     * record that would make its batch too large to send.
     */
    public SerializedRecordBatch takeAllButLast() {
        if (appendedRecords < 2) {
            throw new IllegalStateException("Taking all but the last record needs two records appended, there are "
                    + appendedRecords);
        }
        SerializedRecordBatch batch = batchOf(appendedRecords - 1, lastRecordStart);
        byte[] buffer = appended.getSharedBuffer();
        int last = appended.length() - lastRecordStart;
        System.arraycopy(buffer, lastRecordStart, buffer, 0, last);
        appended.setPosition(last);
        lastRecordStart = 0;
        appendedRecords = 1;
        return batch;
    }

    private SerializedRecordBatch batchOf(int records, int bodyBytes) {
        out.clear();
        out.writeByte(SerializedRecordBatch.FORMAT_VERSION);
        out.writeByte(keyed ? SerializedRecordBatch.FLAG_KEYED : 0);
        out.writeVarInt(records);
        int header = out.length();
        byte[] bytes = java.util.Arrays.copyOf(out.getSharedBuffer(), header + bodyBytes);
        if (bodyBytes > 0) {
            System.arraycopy(appended.getSharedBuffer(), 0, bytes, header, bodyBytes);
        }
        return new SerializedRecordBatch(bytes);
    }

    /** Writes a record; the words of an error are put together only when there is one. */
    private void write(Object record, int index, DataOutputSerializer out) {
        try {
            recordSerializer.serialize(record, out);
        } catch (UnserializableTypeException e) {
            throw e.in(where(index, record));
        } catch (ClassCastException e) {
            throw UnserializableTypeException.mismatch(record.getClass(), recordSerializer, e)
                    .in(where(index, record));
        } catch (IOException | RuntimeException e) {
            // A serializer that fails on a value fails on it every time: a restart cannot help.
            throw new UnserializableTypeException(record == null ? Void.class : record.getClass(),
                    "could not be written by " + recordSerializer.getClass().getSimpleName() + ": " + e, e)
                    .in(where(index, record));
        }
    }

    private String where(int index, Object record) {
        return edge + ", record " + index + " of a batch (a record of "
                + (record == null ? "null" : record.getClass().getName()) + ")";
    }
}
