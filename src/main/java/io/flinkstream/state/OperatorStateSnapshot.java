package io.flinkstream.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator state of one subtask's chain: for each chain member (by its index in the chain) its named lists.
 * Stored with Java serialization, as the blob {@code operator} of the subtask.
 *
 * @param members chain member index → state name → list
 */
public record OperatorStateSnapshot(Map<Integer, Map<String, NamedList>> members) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No state at all. */
    public static final OperatorStateSnapshot EMPTY = new OperatorStateSnapshot(Map.of());

    /**
     * One list of operator state.
     *
     * @param union whether every subtask gets the union of all subtasks' lists on restore
     * @param elements the list's elements, in order
     */
    public record NamedList(boolean union, List<Serializable> elements) implements Serializable {
        private static final long serialVersionUID = 1L;

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
     * Serializes the snapshot. Done synchronously at the checkpoint: it is also the deep copy that keeps the stored
     * elements safe from later changes by the user function, and operator state is small by design.
     *
     * @throws IOException if an element is not serializable; the message names the state
     */
    public byte[] serialize() throws IOException {
        for (Map.Entry<Integer, Map<String, NamedList>> member : members.entrySet()) {
            for (Map.Entry<String, NamedList> list : member.getValue().entrySet()) {
                for (Object element : list.getValue().elements()) {
                    if (!(element instanceof Serializable)) {
                        throw new IOException("Operator state '" + list.getKey() + "' holds a "
                                + element.getClass().getName() + ", which is not Serializable");
                    }
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(this);
        }
        return bytes.toByteArray();
    }

    /** Reads what {@link #serialize()} wrote. */
    public static OperatorStateSnapshot deserialize(byte[] data) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            return (OperatorStateSnapshot) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("Operator state needs a class that is not on the class path: " + e.getMessage(), e);
        }
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
                        List<Serializable> all = new ArrayList<>(sofar == null ? List.of() : sofar.elements());
                        all.addAll(list.elements());
                        memberLists.put(name, new NamedList(true, all));
                    }
                })));
        return new OperatorStateSnapshot(result);
    }
}
