package io.flinkstream.state;

import io.flinkstream.api.state.StateDescriptor;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyed state read back from a checkpoint, before the operator registers its states: per state its kind, the
 * snapshots of the serializers that wrote it (so a registration can check the new serializers against them, and an
 * unregistered state can be written again as it was), and its entries per key group as objects.
 *
 * @param keySerializerSnapshot the snapshot of the key serializer; null for format 3, which had none
 * @param states by state name
 */
public record RestoredKeyedState(TypeSerializerSnapshot<?> keySerializerSnapshot, Map<String, State> states) {

    /** No state. */
    public static final RestoredKeyedState EMPTY = new RestoredKeyedState(null, Map.of());

    public RestoredKeyedState {
        states = new LinkedHashMap<>(states);
    }

    /**
     * One state.
     *
     * @param kind the kind of state; null for format 3, which did not record it
     * @param serializerSnapshots the snapshots of its serializers in {@link StateValueFormat} order; empty for
     *     format 3
     * @param keyGroups key group → key → the value the heap state keeps (a list for list state, a map for map state)
     */
    public record State(StateDescriptor.Type kind, List<TypeSerializerSnapshot<?>> serializerSnapshots,
                        Map<Integer, Map<Object, Object>> keyGroups) {
        public State {
            serializerSnapshots = List.copyOf(serializerSnapshots);
        }

        /** Serializers that write the state as it was read: restored from the snapshots. */
        List<TypeSerializer<?>> restoredSerializers() {
            return serializerSnapshots.stream().<TypeSerializer<?>>map(TypeSerializerSnapshot::restoreSerializer)
                    .toList();
        }
    }

    /** Whether there is no state at all. */
    public boolean isEmpty() {
        return states.isEmpty();
    }
}
