package io.flinkstream.state;

import io.flinkstream.api.state.StateDescriptor;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;
import io.flinkstream.api.typeutils.runtime.SerializerSnapshots;

import java.util.List;

/**
 * Decides whether restored keyed state may be handed to a state registered now: the same kind of state, and for each
 * serializer, the new one's verdict on the stored snapshot ({@code resolveSchemaCompatibility}) is not incompatible.
 * The stored data has already been read with the stored serializers into objects of today's classes, so "compatible
 * after migration" needs nothing more on the heap.
 */
final class StateCompatibility {
    private StateCompatibility() {
    }

    /** @throws StateMigrationException naming the state, the operator and both types when the stored state does not fit */
    static void check(StateDescriptor<?, ?> descriptor, RestoredKeyedState.State stored, String owner) {
        if (stored.kind() == null) {
            return; // format 3 recorded no types; its objects were read as they were written
        }
        String state = descriptor.getType().stateInterfaceName() + " '" + descriptor.getName() + "' of " + owner;
        if (stored.kind() != descriptor.getType()) {
            throw new StateMigrationException("Cannot restore " + state + ": the checkpoint holds it as a "
                    + stored.kind().stateInterfaceName() + ". Keep the kind of state, or give the new state another "
                    + "name (the stored one is then kept unused)");
        }
        List<TypeSerializer<?>> serializers = StateValueFormat.serializersOf(descriptor);
        List<String> roles = descriptor.getType() == StateDescriptor.Type.MAP ? List.of("user key", "user value")
                : List.of(descriptor.getType() == StateDescriptor.Type.LIST ? "element" : "value");
        for (int i = 0; i < serializers.size(); i++) {
            TypeSerializerSnapshot<?> old = stored.serializerSnapshots().get(i);
            TypeSerializerSchemaCompatibility<?> verdict = resolve(serializers.get(i), old);
            if (verdict.isIncompatible()) {
                throw new StateMigrationException("Cannot restore " + state + ": its " + roles.get(i) + " type "
                        + "changed from " + SerializerSnapshots.typeOf(old).getName() + " to "
                        + SerializerSnapshots.typeOf(serializers.get(i).snapshotConfiguration()).getName()
                        + (verdict.reason() == null ? "" : " (" + verdict.reason() + ")")
                        + ", and the stored values cannot be read as the new type. Restore with the old type, or "
                        + "give the new state another name");
            }
        }
    }

    /** @throws StateMigrationException when the stored keys cannot be read as this job's keys */
    static void checkKeys(TypeSerializer<?> keySerializer, TypeSerializerSnapshot<?> stored, String owner) {
        TypeSerializerSchemaCompatibility<?> verdict = resolve(keySerializer, stored);
        if (verdict.isIncompatible()) {
            throw new StateMigrationException("Cannot restore the keyed state of " + owner + ": its key type changed "
                    + "from " + SerializerSnapshots.typeOf(stored).getName() + " to "
                    + SerializerSnapshots.typeOf(keySerializer.snapshotConfiguration()).getName()
                    + (verdict.reason() == null ? "" : " (" + verdict.reason() + ")")
                    + ". Keep the key type of a keyed operator, or give it a new uid to start it empty");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeSerializerSchemaCompatibility<?> resolve(TypeSerializer<?> serializer,
                                                               TypeSerializerSnapshot<?> old) {
        TypeSerializerSnapshot current = serializer.snapshotConfiguration();
        return current.resolveSchemaCompatibility(old);
    }
}
