package io.flinkstream.state;

import io.flinkstream.api.state.StateDescriptor;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeutils.DataInputDeserializer;
import io.flinkstream.api.typeutils.DataOutputSerializer;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;
import io.flinkstream.api.typeutils.base.StringSerializer;
import io.flinkstream.api.typeutils.runtime.KryoSerializer;
import io.flinkstream.api.typeutils.runtime.UnserializableTypeException;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keyed state of one subtask at one checkpoint: for every state — registered, or restored and not asked for yet
 * — an immutable view of each key group's entries. Taking it is O(states × key groups), the synchronous part of a
 * checkpoint; registered maps are copied on their next write, so processing goes on while {@link #serialize()} runs
 * on another thread with serializers duplicated for it.
 *
 * <p>Serialized form, format 4: the format number, the key group range, the key serializer's snapshot, the number of
 * states, then per state its name, its kind, the snapshots of its serializers (see {@link StateValueFormat}) and per
 * key group, in order, the group's number, its entry count and its entries (the key, then the value). Each state
 * carries its serializers' snapshots, so it is read back with the serializers that wrote it, and a later job with
 * changed types can check that it is compatible. Format 3, written before typed serializers, is still read.
 */
public final class KeyedStateSnapshot implements KeyedStateBackend.Snapshot {
    static final int FORMAT_VERSION = 4;
    /** The kind byte of a state restored from format 3 and written again without ever being registered. */
    private static final int UNTYPED = 255;

    /** One state's entries in one key group. */
    interface KeyGroupEntries {
        int size();

        void forEach(java.util.function.BiConsumer<Object, Object> action);
    }

    /**
     * One state in the snapshot.
     *
     * @param kind null for an untyped state restored from format 3
     */
    record Part(String name, StateDescriptor.Type kind, List<TypeSerializerSnapshot<?>> serializerSnapshots,
                StateValueFormat format, KeyGroupEntries[] keyGroups) {
    }

    private final KeyGroupRange keyGroupRange;
    private final TypeSerializer<Object> keySerializer;
    private final List<Part> parts;
    private final String owner;

    /** @param keySerializer a serializer of the keys for the thread that serializes (duplicated by the caller) */
    KeyedStateSnapshot(KeyGroupRange keyGroupRange, TypeSerializer<Object> keySerializer, List<Part> parts,
                       String owner) {
        this.keyGroupRange = keyGroupRange;
        this.keySerializer = keySerializer;
        this.parts = List.copyOf(parts);
        this.owner = owner;
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return keyGroupRange;
    }

    /** Number of entries over all states and key groups. */
    public long entryCount() {
        long n = 0;
        for (Part part : parts) {
            for (KeyGroupEntries group : part.keyGroups()) {
                n += group.size();
            }
        }
        return n;
    }

    /**
     * Writes the snapshot as bytes; safe to call from any thread while the backend keeps changing.
     *
     * @throws UnserializableTypeException naming the state and the operator when a key or value cannot be written
     */
    @Override
    public byte[] serialize() throws IOException {
        long estimate = 1024 + entryCount() * 12;
        DataOutputSerializer out = new DataOutputSerializer((int) Math.min(estimate, 64 << 20));
        out.writeInt(FORMAT_VERSION);
        out.writeInt(keyGroupRange.startKeyGroup());
        out.writeInt(keyGroupRange.endKeyGroup());
        TypeSerializerSnapshot.writeVersionedSnapshot(out, keySerializer.snapshotConfiguration());
        out.writeVarInt(parts.size());
        for (Part part : parts) {
            StringSerializer.writeString(part.name(), out);
            out.writeByte(part.kind() == null ? UNTYPED : part.kind().ordinal());
            out.writeVarInt(part.serializerSnapshots().size());
            for (TypeSerializerSnapshot<?> snapshot : part.serializerSnapshots()) {
                TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
            }
            writeEntries(out, part);
        }
        return out.toByteArray();
    }

    private void writeEntries(DataOutputSerializer out, Part part) throws IOException {
        StateCodec keyCodec = StateCodec.of(keySerializer);
        KeyGroupEntries[] groups = part.keyGroups();
        for (int i = 0; i < groups.length; i++) {
            out.writeInt(keyGroupRange.startKeyGroup() + i);
            out.writeVarInt(groups[i].size());
            try {
                groups[i].forEach((key, value) -> {
                    try {
                        keyCodec.write(key, out);
                        part.format().write(value, out);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            } catch (UnserializableTypeException e) {
                throw e.in("keyed state '" + part.name() + "' of " + owner);
            }
        }
    }

    /**
     * Reads serialized keyed state back with the serializers its snapshots describe; values come back as objects of
     * the classes now on the class path (a POJO whose class gained a field gets the field's default).
     *
     * @throws IOException if the bytes are not a keyed state snapshot of a known format, are damaged, or need a class
     *     that is missing
     */
    public static RestoredKeyedState deserialize(byte[] data, ClassLoader classLoader) throws IOException {
        if (data.length >= 4 && (data[0] & 0xFF) == 0 && data[1] == 0 && data[2] == 0 && data[3] == 3) {
            Map<String, RestoredKeyedState.State> states = new LinkedHashMap<>();
            KeyedStateSnapshotV3.deserialize(data).forEach((name, groups) ->
                    states.put(name, new RestoredKeyedState.State(null, List.of(), groups)));
            return new RestoredKeyedState(null, states);
        }
        if (data.length >= 2 && (data[0] & 0xFF) == 0xAC && (data[1] & 0xFF) == 0xED) {
            return deserializeV3(data);
        }
        DataInputDeserializer in = new DataInputDeserializer(data);
        try {
            return read(in, classLoader);
        } catch (EOFException e) {
            throw new IOException("Corrupt keyed state snapshot: it ends early (" + e.getMessage() + ")", e);
        }
    }

    private static RestoredKeyedState deserializeV3(byte[] data) throws IOException {
        KeyedStateSnapshotV3.deserialize(data); // throws, naming format 2
        throw new IOException("Unreadable keyed state snapshot");
    }

    private static RestoredKeyedState read(DataInputDeserializer in, ClassLoader classLoader) throws IOException {
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("Keyed state snapshot format " + version + " is not supported: this version of "
                    + "FlinkStream reads formats 3 and " + FORMAT_VERSION);
        }
        int start = in.readInt();
        int end = in.readInt();
        if (start < 0 || end < start) {
            throw new IOException("Corrupt keyed state snapshot: key group range [" + start + ", " + end + "]");
        }
        TypeSerializerSnapshot<Object> keySnapshot = TypeSerializerSnapshot.readVersionedSnapshot(in, classLoader);
        StateCodec keyCodec = StateCodec.of(keySnapshot.restoreSerializer());
        int stateCount = in.readLength("the number of states");
        Map<String, RestoredKeyedState.State> states = new LinkedHashMap<>();
        for (int s = 0; s < stateCount; s++) {
            String name = StringSerializer.readString(in);
            int kindByte = in.readUnsignedByte();
            StateDescriptor.Type kind = kindByte == UNTYPED ? null : kindOf(kindByte, name);
            int serializerCount = in.readLength("the number of serializers");
            List<TypeSerializerSnapshot<?>> snapshots = new ArrayList<>();
            for (int i = 0; i < serializerCount; i++) {
                snapshots.add(TypeSerializerSnapshot.readVersionedSnapshot(in, classLoader));
            }
            StateValueFormat format = formatFor(kind, snapshots, name);
            Map<Integer, Map<Object, Object>> groups = new TreeMap<>();
            for (int kg = start; kg <= end; kg++) {
                int keyGroup = in.readInt();
                if (keyGroup != kg) {
                    throw new IOException("Corrupt keyed state snapshot: state '" + name + "' has key group "
                            + keyGroup + " where key group " + kg + " was expected");
                }
                int size = in.readLength("an entry count");
                if (size > in.available()) {
                    throw new IOException("Corrupt keyed state snapshot: key group " + keyGroup + " of state '"
                            + name + "' claims " + size + " entries, more than its " + in.available()
                            + " remaining bytes can hold");
                }
                Map<Object, Object> entries = new LinkedHashMap<>(Math.max(16, size + size / 3 + 1));
                for (int i = 0; i < size; i++) {
                    Object key = keyCodec.read(in);
                    entries.put(key, format.read(in));
                }
                groups.put(keyGroup, entries);
            }
            states.put(name, new RestoredKeyedState.State(kind, kind == null ? List.of() : snapshots, groups));
        }
        if (in.available() != 0) {
            throw new IOException("Corrupt keyed state snapshot: " + in.available() + " bytes follow its last state");
        }
        return new RestoredKeyedState(keySnapshot, states);
    }

    private static StateDescriptor.Type kindOf(int kindByte, String name) throws IOException {
        StateDescriptor.Type[] kinds = StateDescriptor.Type.values();
        if (kindByte >= kinds.length) {
            throw new IOException("Corrupt keyed state snapshot: state '" + name + "' has unknown kind " + kindByte);
        }
        return kinds[kindByte];
    }

    private static StateValueFormat formatFor(StateDescriptor.Type kind, List<TypeSerializerSnapshot<?>> snapshots,
                                              String name) throws IOException {
        int expected = kind == null ? 1 : kind == StateDescriptor.Type.MAP ? 2 : 1;
        if (snapshots.size() != expected) {
            throw new IOException("Corrupt keyed state snapshot: state '" + name + "' has " + snapshots.size()
                    + " serializers where " + expected + " were expected");
        }
        List<TypeSerializer<?>> serializers = new ArrayList<>();
        for (TypeSerializerSnapshot<?> snapshot : snapshots) {
            serializers.add(snapshot.restoreSerializer());
        }
        return new StateValueFormat(kind == null ? StateDescriptor.Type.VALUE : kind, serializers);
    }

    /** The serializer of an untyped state (restored from format 3, not registered since): any object, via Kryo. */
    static TypeSerializer<Object> untypedSerializer() {
        return new KryoSerializer<>(Object.class, new SerializerConfig());
    }
}
