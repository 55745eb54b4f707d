package io.flinkstream.runtime.network;

import io.flinkstream.api.typeutils.DataInputDeserializer;
import io.flinkstream.api.typeutils.TypeSerializer;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads batches in the layout of {@link SerializedRecordBatch} back into arrays of records and key groups. One per
 * receiving channel or edge: the arrays are reused from batch to batch (they grow when a batch is larger), so they
 * hold the last batch read only until the next call. The keys of a keyed batch are not in it: the receiver derives
 * them from the records with the edge's key selector.
 *
 * <pre>{@code
 * RecordBatchDeserializer reader = new RecordBatchDeserializer(edge.recordSerializer(), true, null);
 * int n = reader.deserialize(batch);
 * for (int i = 0; i < n; i++) {
 *     process(reader.records()[i], reader.keyGroups()[i]);
 * }
 * }</pre>
 *
 * <p>A batch that is cut off, of another format version, keyed when the edge is not (or the reverse), or with bytes
 * after its last record fails with an {@link IOException} naming the edge and the record where reading stopped.
 * Not thread-safe. The serializers given are duplicated, so the shared ones of a job graph may be passed.
 */
public final class RecordBatchDeserializer {
    private static final Object[] NO_OBJECTS = new Object[0];
    private static final int[] NO_INTS = new int[0];

    private final TypeSerializer<Object> recordSerializer;
    private final boolean keyed;
    private final String edge;
    private final DataInputDeserializer in = new DataInputDeserializer(new byte[0]);

    private Object[] records = NO_OBJECTS;
    private int[] keyGroups = NO_INTS;
    private int lastCount;

    /**
     * @param recordSerializer the serializer of the records
     * @param keyed whether the batches are of a keyed edge: each record carries its key group
     * @param edge what the records are, for errors, e.g. "the records of operator 'Map' to 'Sink'"; may be null
     */
    public RecordBatchDeserializer(TypeSerializer<Object> recordSerializer, boolean keyed, String edge) {
        if (recordSerializer == null) {
            throw new NullPointerException("A record batch deserializer needs the records' serializer");
        }
        this.recordSerializer = recordSerializer.duplicate();
        this.keyed = keyed;
        this.edge = edge;
    }

    /** Whether the batches carry key groups. */
    public boolean keyed() {
        return keyed;
    }

    /**
     * Reads {@code batch} into {@link #records()} and, when keyed, {@link #keyGroups()}.
     *
     * @return the number of records read
     * @throws IOException when the batch is truncated or corrupt, or does not match the edge
     */
    public int deserialize(SerializedRecordBatch batch) throws IOException {
        byte[] bytes = batch.bytes();
        in.setBuffer(bytes, 0, bytes.length);
        SerializedRecordBatch.Header header;
        try {
            header = SerializedRecordBatch.readHeader(in, bytes.length);
        } catch (IOException e) {
            throw corrupt("its header is unreadable: " + e.getMessage(), e);
        }
        if (header.keyed() != keyed()) {
            throw corrupt("the batch is " + (header.keyed() ? "" : "not ") + "keyed, but the edge is "
                    + (keyed() ? "" : "not ") + "keyed", null);
        }
        int count = header.recordCount();
        // A corrupt count must not allocate gigabytes: grow with what is actually read.
        ensureCapacity(Math.min(count, in.available() + 1));
        int i = 0;
        try {
            for (; i < count; i++) {
                if (i == records.length) {
                    ensureCapacity((int) Math.min(count, 2L * records.length));
                }
                if (keyed) {
                    int keyGroup = in.readVarInt();
                    if (keyGroup < 0) {
                        throw new IOException("negative key group " + keyGroup);
                    }
                    keyGroups[i] = keyGroup;
                }
                records[i] = recordSerializer.deserialize(in);
            }
        } catch (IOException | RuntimeException e) {
            forget(Math.min(i + 1, records.length));
            String what = e instanceof EOFException ? "it is truncated" : "it is corrupt";
            throw corrupt(what + " at record " + i + " of " + count + ": " + e.getMessage(), e);
        }
        if (in.available() > 0) {
            forget(count);
            throw corrupt(in.available() + " bytes follow its last record (" + count + " records)", null);
        }
        clearFrom(count);
        return count;
    }

    /** The records of the last batch read, valid up to the count it returned and until the next call. */
    public Object[] records() {
        return records;
    }

    /** The key groups of the last batch read (keyed edges), as {@link #records()}; empty when not keyed. */
    public int[] keyGroups() {
        return keyGroups;
    }

    private void ensureCapacity(int capacity) {
        if (capacity <= records.length) {
            return;
        }
        records = Arrays.copyOf(records, capacity);
        if (keyed) {
            keyGroups = Arrays.copyOf(keyGroups, capacity);
        }
    }

    /** Drops the references the arrays hold past {@code count}, so an old batch's records can be collected. */
    private void clearFrom(int count) {
        if (lastCount > count) {
            Arrays.fill(records, count, lastCount, null);
        }
        lastCount = count;
    }

    /** After a failed read: drops every reference, including the {@code written} slots filled this time. */
    private void forget(int written) {
        lastCount = Math.max(lastCount, written);
        clearFrom(0);
    }

    private IOException corrupt(String problem, Throwable cause) {
        return new IOException("The record batch of " + (edge == null ? "an edge" : edge) + " cannot be read: "
                + problem, cause);
    }
}
