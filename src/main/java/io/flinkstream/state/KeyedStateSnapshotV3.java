package io.flinkstream.state;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reader of format 3, which FlinkStream wrote before typed serializers: kept so that checkpoints taken by that
 * version still restore. What follows describes that format.
 *
 * <p>The keyed state of one subtask at one checkpoint: for every registered state, an immutable view of each key
 * group's map. Taking it is O(number of states × key groups) — the synchronous part of a checkpoint; the maps are
 * copied on their next write, so processing continues while {@link #serialize()} runs on another thread.
 *
 * <p>Serialized form (format 3): the format, the key group range, then per state its name and per key group its
 * number, its entry count, its entries and its object block. Keys and values of the common types are written as a
 * tag and their bytes: Long and Integer as ZigZag varints (a Long count of 20 takes 2 bytes instead of 9), String as
 * UTF-8 (a string with an unpaired surrogate, which UTF-8 cannot hold, goes to the object block), Double as 8 bytes,
 * Boolean in the tag. Other objects are Java-serialized into the key group's object block
 * (one stream per group, so class descriptors are written once per group), so they must be
 * {@link java.io.Serializable}. Key groups are written in order so a later reader can pick the key groups it owns
 * when restoring at another parallelism.
 */
final class KeyedStateSnapshotV3 {
    private static final int FORMAT_VERSION = 3;
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte INTEGER = 2;
    private static final byte STRING = 3;
    private static final byte DOUBLE = 4;
    private static final byte FALSE = 5;
    private static final byte TRUE = 6;
    private static final byte OBJECT = 9;
    /** Stands for a key or value read from the key group's object block. */
    private static final Object FROM_OBJECTS = new Object();

    private KeyedStateSnapshotV3() {
    }

    /**
     * Reads serialized keyed state back: state name → key group → (key → value).
     *
     * @throws IOException if the bytes are not a keyed state snapshot of this format or a class is missing
     */
    static Map<String, Map<Integer, Map<Object, Object>>> deserialize(byte[] data) throws IOException {
        SnapshotBytes.Input in = new SnapshotBytes.Input(data);
        if (in.startsWithJavaSerialization()) {
            throw new IOException("This keyed state snapshot has format 2, written by an earlier FlinkStream; this "
                    + "version reads format " + FORMAT_VERSION + ". Restore it with the version that wrote it");
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("Keyed state snapshot format " + version + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        int start = in.readInt();
        int end = in.readInt();
        int stateCount = in.readLength();
        Map<String, Map<Integer, Map<Object, Object>>> result = new LinkedHashMap<>();
        for (int s = 0; s < stateCount; s++) {
            String name = in.readString();
            Map<Integer, Map<Object, Object>> groups = new TreeMap<>();
            for (int kg = start; kg <= end; kg++) {
                int keyGroup = in.readInt();
                if (keyGroup != kg) {
                    throw new IOException("Corrupt keyed state snapshot: state '" + name + "' has key group "
                            + keyGroup + " where key group " + kg + " was expected");
                }
                int size = in.readLength();
                if (size > in.remaining() / 2) {
                    throw new IOException("Corrupt keyed state snapshot: key group " + keyGroup + " of state '"
                            + name + "' claims " + size + " entries, more than its " + in.remaining()
                            + " remaining bytes can hold");
                }
                Object[] keys = new Object[size];
                Object[] values = new Object[size];
                boolean hasObjects = false;
                for (int i = 0; i < size; i++) {
                    keys[i] = readValue(in);
                    values[i] = readValue(in);
                    hasObjects |= keys[i] == FROM_OBJECTS || values[i] == FROM_OBJECTS;
                }
                int objectBytes = in.readLength();
                if (hasObjects != (objectBytes > 0)) {
                    throw new IOException("Corrupt keyed state snapshot: key group " + keyGroup + " of state '"
                            + name + "' has " + (hasObjects ? "objects but no object block" : "an object block "
                            + "but no objects"));
                }
                if (hasObjects) {
                    readObjects(in.readBytes(objectBytes), keys, values);
                }
                Map<Object, Object> entries = new LinkedHashMap<>(Math.max(16, size + size / 3 + 1));
                for (int i = 0; i < size; i++) {
                    entries.put(keys[i], values[i]);
                }
                groups.put(keyGroup, entries);
            }
            result.put(name, groups);
        }
        if (!in.atEnd()) {
            throw new IOException("Corrupt keyed state snapshot: bytes follow its last state");
        }
        return result;
    }

    /** Replaces every {@link #FROM_OBJECTS} placeholder, in entry order, key before value, with the next object. */
    private static void readObjects(byte[] block, Object[] keys, Object[] values) throws IOException {
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(block))) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == FROM_OBJECTS) {
                    keys[i] = objects.readObject();
                }
                if (values[i] == FROM_OBJECTS) {
                    values[i] = objects.readObject();
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IOException("A class of the keyed state is not on the class path: " + e.getMessage(), e);
        }
    }

    private static Object readValue(SnapshotBytes.Input in) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.readZigZagLong();
            case INTEGER -> toInt(in.readZigZagLong());
            case STRING -> in.readString();
            case DOUBLE -> Double.longBitsToDouble(in.readLong());
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case OBJECT -> FROM_OBJECTS;
            default -> throw new IOException("Corrupt keyed state snapshot: unknown value tag " + tag);
        };
    }

    private static int toInt(long value) throws IOException {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IOException("Corrupt keyed state snapshot: Integer value " + value + " is out of range");
        }
        return (int) value;
    }
}
