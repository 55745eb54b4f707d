package io.flinkstream.state;

import io.flinkstream.api.typeutils.DataInputDeserializer;
import io.flinkstream.api.typeutils.DataOutputSerializer;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;
import io.flinkstream.api.typeutils.base.StringSerializer;
import io.flinkstream.api.typeutils.runtime.UnserializableTypeException;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator state of one subtask's chain: for each chain member (by its index in the chain) its named lists, each
 * with the serializer of its elements. Stored as the blob {@code operator} of the subtask.
 *
 * <p>Serialized form, format 4 (the keyed state's number): the format, the number of members, then per member its
 * index and lists, per list its name, whether it is a union list, its element serializer's snapshot, the element
 * count and the elements. Serialized synchronously at the checkpoint: operator state is small by design, and the
 * bytes are also the copy that keeps the checkpoint safe from later changes to the elements.
 *
 * @param members chain member index → state name → list
 */
public record OperatorStateSnapshot(Map<Integer, Map<String, NamedList>> members) {
    static final int FORMAT_VERSION = 4;

    /** No state at all. */
    public static final OperatorStateSnapshot EMPTY = new OperatorStateSnapshot(Map.of());

    /**
     * One list of operator state.
     *
     * @param union whether every subtask gets the union of all subtasks' lists on restore
     * @param elements the list's elements, in order
     * @param serializer writes the elements: the descriptor's, or for a restored list the one that wrote it
     * @param writtenWith for a restored list, the snapshot of the serializer that wrote it; null for a live one
     */
    public record NamedList(boolean union, List<Object> elements, TypeSerializer<Object> serializer,
                            TypeSerializerSnapshot<Object> writtenWith) {
        public NamedList {
            elements = new ArrayList<>(elements);
        }
    }

    /** Copies the maps, so the snapshot does not change with its source. */
    public OperatorStateSnapshot {
        Map<Integer, Map<String, NamedList>> copy = new TreeMap<>();
        members.forEach((member, lists) -> copy.put(member, new LinkedHashMap<>(lists)));
        members = copy;
    }

    /** The lists of chain member {@code member}; empty if it has none. */
    public Map<String, NamedList> listsOf(int member) {
        return members.getOrDefault(member, Map.of());
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /**
     * Serializes the snapshot.
     *
     * @throws UnserializableTypeException naming the state when an element cannot be written
     */
    public byte[] serialize() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(FORMAT_VERSION);
        out.writeVarInt(members.size());
        for (Map.Entry<Integer, Map<String, NamedList>> member : members.entrySet()) {
            out.writeVarInt(member.getKey());
            out.writeVarInt(member.getValue().size());
            for (Map.Entry<String, NamedList> list : member.getValue().entrySet()) {
                NamedList named = list.getValue();
                StringSerializer.writeString(list.getKey(), out);
                out.writeBoolean(named.union());
                TypeSerializerSnapshot.writeVersionedSnapshot(out, named.writtenWith() != null ? named.writtenWith()
                        : named.serializer().snapshotConfiguration());
                out.writeVarInt(named.elements().size());
                try {
                    for (Object element : named.elements()) {
                        named.serializer().serialize(element, out);
                    }
                } catch (UnserializableTypeException e) {
                    throw e.in("operator state '" + list.getKey() + "'");
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads what {@link #serialize()} wrote, with the serializers its snapshots describe.
     *
     * @throws IOException if the bytes are damaged, of an unknown format, or need a missing class
     */
    public static OperatorStateSnapshot deserialize(byte[] data, ClassLoader classLoader) throws IOException {
        if (data.length >= 2 && (data[0] & 0xFF) == 0xAC && (data[1] & 0xFF) == 0xED) {
            throw new IOException("This operator state was written by FlinkStream before typed serializers (with Java "
                    + "serialization, format 3); this version reads format " + FORMAT_VERSION + ". Restore it with "
                    + "the version that wrote it");
        }
        DataInputDeserializer in = new DataInputDeserializer(data);
        try {
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IOException("Operator state format " + version + " is not supported (expected "
                        + FORMAT_VERSION + ")");
            }
            Map<Integer, Map<String, NamedList>> members = new TreeMap<>();
            int memberCount = in.readLength("the number of chain members");
            for (int m = 0; m < memberCount; m++) {
                int member = in.readVarInt();
                int listCount = in.readLength("the number of lists");
                Map<String, NamedList> lists = new LinkedHashMap<>();
                for (int l = 0; l < listCount; l++) {
                    String name = StringSerializer.readString(in);
                    boolean union = in.readBoolean();
                    TypeSerializerSnapshot<Object> snapshot = TypeSerializerSnapshot.readVersionedSnapshot(in,
                            classLoader);
                    TypeSerializer<Object> serializer = snapshot.restoreSerializer();
                    int n = in.readLength("a list's element count");
                    if (n > in.available()) {
                        throw new IOException("Corrupt operator state: list '" + name + "' claims " + n
                                + " elements, more than its remaining " + in.available() + " bytes can hold");
                    }
                    List<Object> elements = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        elements.add(serializer.deserialize(in));
                    }
                    lists.put(name, new NamedList(union, elements, serializer, snapshot));
                }
                members.put(member, lists);
            }
            if (in.available() != 0) {
                throw new IOException("Corrupt operator state: " + in.available() + " bytes follow its last list");
            }
            return new OperatorStateSnapshot(members);
        } catch (EOFException e) {
            throw new IOException("Corrupt operator state: it ends early (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The lists new subtask {@code subtask} of {@code parallelism} restores for one operator, from that operator's
     * snapshots of every old subtask (by old subtask index; {@link #EMPTY} for one that stored nothing): union lists
     * whole to every subtask, other lists shared out with {@link ListRedistribution#evenShare} — unchanged at the
     * same parallelism, split evenly over the new subtasks at another one.
     */
    public static Map<String, NamedList> redistribute(List<OperatorStateSnapshot> oldBySubtask, int subtask,
                                                      int parallelism) {
        Map<String, NamedList> first = new LinkedHashMap<>();
        Map<String, List<List<Object>>> elements = new LinkedHashMap<>();
        for (int old = 0; old < oldBySubtask.size(); old++) {
            for (Map<String, NamedList> lists : oldBySubtask.get(old).members().values()) {
                for (Map.Entry<String, NamedList> list : lists.entrySet()) {
                    first.putIfAbsent(list.getKey(), list.getValue());
                    List<List<Object>> perSubtask = elements.computeIfAbsent(list.getKey(), name -> {
                        List<List<Object>> empty = new ArrayList<>();
                        oldBySubtask.forEach(o -> empty.add(new ArrayList<>()));
                        return empty;
                    });
                    perSubtask.get(old).addAll(list.getValue().elements());
                }
            }
        }
        Map<String, NamedList> result = new LinkedHashMap<>();
        first.forEach((name, list) -> {
            List<List<Object>> perSubtask = elements.get(name);
            List<Object> mine = list.union() ? ListRedistribution.union(perSubtask)
                    : ListRedistribution.evenShare(perSubtask, subtask, parallelism);
            result.put(name, new NamedList(list.union(), mine, list.serializer(), list.writtenWith()));
        });
        return result;
    }

    /**
     * What subtask {@code subtask} restores from the snapshots of all subtasks of its vertex (same parallelism):
     * its own non-union lists, and for every union list the concatenation of all subtasks' lists in subtask order.
     *
     * @param bySubtask every subtask's snapshot, by subtask index; subtasks that stored nothing may be missing
     */
    public static OperatorStateSnapshot restoreFor(int subtask, Map<Integer, OperatorStateSnapshot> bySubtask) {
        Map<Integer, Map<String, NamedList>> result = new HashMap<>();
        OperatorStateSnapshot own = bySubtask.getOrDefault(subtask, EMPTY);
        own.members().forEach((member, lists) -> lists.forEach((name, list) -> {
            if (!list.union()) {
                result.computeIfAbsent(member, m -> new LinkedHashMap<>()).put(name, list);
            }
        }));
        new TreeMap<>(bySubtask).values().forEach(snapshot -> snapshot.members().forEach((member, lists) ->
                lists.forEach((name, list) -> {
                    if (list.union()) {
                        Map<String, NamedList> memberLists = result.computeIfAbsent(member, m -> new LinkedHashMap<>());
                        NamedList sofar = memberLists.get(name);
                        List<Object> all = new ArrayList<>(sofar == null ? List.of() : sofar.elements());
                        all.addAll(list.elements());
                        memberLists.put(name, new NamedList(true, all, list.serializer(), list.writtenWith()));
                    }
                })));
        return new OperatorStateSnapshot(result);
    }
}
