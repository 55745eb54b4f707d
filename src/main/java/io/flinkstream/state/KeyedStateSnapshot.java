package io.flinkstream.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keyed state of one subtask at one checkpoint: for every registered state, an immutable view of each key
 * group's map. Taking it is O(number of states × key groups) — the synchronous part of a checkpoint; the maps are
 * copied on their next write, so processing continues while {@link #serialize()} runs on another thread.
 *
 * <p>Serialized form: key group range, then per state its name and per key group its entries. Keys and values of
 * the common types (Long, Integer, String, Double, Boolean) are written as a tag and their bytes; others with Java
 * object serialization, so they must be {@link java.io.Serializable}. Key groups are written in order so a later reader can pick the key
 * groups it owns when restoring at another parallelism.
 */
public final class KeyedStateSnapshot {
    private static final int FORMAT_VERSION = 2;
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte INTEGER = 2;
    private static final byte STRING = 3;
    private static final byte DOUBLE = 4;
    private static final byte BOOLEAN = 5;
    private static final byte OBJECT = 9;

    private final KeyGroupRange keyGroupRange;
    private final Map<String, StateMapSnapshot<?, ?>[]> states;

    KeyedStateSnapshot(KeyGroupRange keyGroupRange, Map<String, StateMapSnapshot<?, ?>[]> states) {
        this.keyGroupRange = keyGroupRange;
        this.states = states;
    }

    public KeyGroupRange keyGroupRange() {
        return keyGroupRange;
    }

    /** Number of entries over all states and key groups. */
    public long entryCount() {
        long n = 0;
        for (StateMapSnapshot<?, ?>[] maps : states.values()) {
            for (StateMapSnapshot<?, ?> map : maps) {
                n += map.size();
            }
        }
        return n;
    }

    /** Writes the snapshot as bytes; safe to call from any thread while the backend keeps changing. */
    public byte[] serialize() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeInt(FORMAT_VERSION);
            out.writeInt(keyGroupRange.startKeyGroup());
            out.writeInt(keyGroupRange.endKeyGroup());
            out.writeInt(states.size());
            for (Map.Entry<String, StateMapSnapshot<?, ?>[]> state : states.entrySet()) {
                out.writeUTF(state.getKey());
                StateMapSnapshot<?, ?>[] maps = state.getValue();
                for (int i = 0; i < maps.length; i++) {
                    out.writeInt(keyGroupRange.startKeyGroup() + i);
                    out.writeInt(maps[i].size());
                    for (StateMapSnapshot.Entry<?, ?> entry : maps[i]) {
                        writeValue(out, entry.key());
                        writeValue(out, entry.value());
                    }
                    // Forget written objects so the stream's handle table does not grow with the state.
                    out.reset();
                }
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Reads serialized keyed state back: state name → key group → (key → value).
     *
     * @throws IOException if the bytes are not a keyed state snapshot or a class is missing
     */
    public static Map<String, Map<Integer, Map<Object, Object>>> deserialize(byte[] data) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IOException("Keyed state snapshot format " + version + " is not supported (expected "
                        + FORMAT_VERSION + ")");
            }
            int start = in.readInt();
            int end = in.readInt();
            int stateCount = in.readInt();
            Map<String, Map<Integer, Map<Object, Object>>> result = new LinkedHashMap<>();
            for (int s = 0; s < stateCount; s++) {
                String name = in.readUTF();
                Map<Integer, Map<Object, Object>> groups = new TreeMap<>();
                for (int kg = start; kg <= end; kg++) {
                    int keyGroup = in.readInt();
                    int size = in.readInt();
                    Map<Object, Object> entries = new LinkedHashMap<>();
                    for (int i = 0; i < size; i++) {
                        entries.put(readValue(in), readValue(in));
                    }
                    groups.put(keyGroup, entries);
                }
                result.put(name, groups);
            }
            return result;
        } catch (ClassNotFoundException e) {
            throw new IOException("A class of the keyed state is not on the class path: " + e.getMessage(), e);
        }
    }

    /**
     * The common key and value types as a tag and their bytes, far cheaper than object serialization (no handle
     * table, no class descriptors); anything else as a serialized object.
     */
    private static void writeValue(ObjectOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Integer n) {
            out.writeByte(INTEGER);
            out.writeInt(n);
        } else if (value instanceof String str && str.length() < 16_384) {
            out.writeByte(STRING);
            out.writeUTF(str);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else {
            out.writeByte(OBJECT);
            out.writeObject(value);
        }
    }

    private static Object readValue(ObjectInputStream in) throws IOException, ClassNotFoundException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.readLong();
            case INTEGER -> in.readInt();
            case STRING -> in.readUTF();
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case OBJECT -> in.readObject();
            default -> throw new IOException("Corrupt keyed state snapshot: unknown value tag " + tag);
        };
    }
}
