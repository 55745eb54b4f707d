package io.flinkstream.runtime.task;

import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.checkpoint.StateHandle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The asynchronous part of a subtask's checkpoint: serializes what {@link TaskSnapshot} captured and writes it to
 * the job's {@link SnapshotStore}: the source's splits as {@code source}, the keyed state as {@code keyed}, the
 * operators' operator state as {@code operator}.
 * Runs on the blocking dispatcher, never on the subtask's actor.
 */
final class SnapshotWriter {
    /** Name of the blob holding a source's splits. */
    static final String SOURCE = "source";
    /** Name of the blob holding keyed state. */
    static final String KEYED = "keyed";
    /** Name of the blob holding the chain's operator state ({@link io.flinkstream.state.OperatorStateSnapshot}). */
    static final String OPERATOR = "operator";

    private SnapshotWriter() {
    }

    static List<StateHandle> write(SnapshotStore store, TaskSnapshot snapshot, String taskKey) throws IOException {
        if (store == null) {
            throw new IOException("No snapshot store is registered for this job on this node");
        }
        List<StateHandle> handles = new ArrayList<>();
        if (snapshot.sourceSplits() != null) {
            handles.add(store.write(snapshot.checkpointId(), taskKey, SOURCE, snapshot.sourceSplits()));
        }
        if (snapshot.keyedState() != null) {
            handles.add(store.write(snapshot.checkpointId(), taskKey, KEYED, snapshot.keyedState().serialize()));
        }
        if (snapshot.operatorState() != null) {
            handles.add(store.write(snapshot.checkpointId(), taskKey, OPERATOR, snapshot.operatorState()));
        }
        return handles;
    }
}
