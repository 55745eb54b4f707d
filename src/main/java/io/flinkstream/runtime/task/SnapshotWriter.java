package io.flinkstream.runtime.task;

import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.checkpoint.StateHandle;
import io.flinkstream.checkpoint.StateKind;
import io.flinkstream.runtime.graph.ChainMember;
import io.flinkstream.runtime.graph.JobVertex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The asynchronous part of a subtask's checkpoint: serializes what {@link TaskSnapshot} captured and writes it to
 * the job's {@link SnapshotStore}, one blob per operator and kind — the source's splits as {@code source}, the keyed
 * operator's keyed state as {@code keyed}, each chain member's operator state as {@code operator-<operator id>} —
 * and tags every handle with its kind, operator, subtask and (for keyed state) key-group range, so the checkpoint's
 * metadata says whose each blob is. Runs on the blocking dispatcher, never on the subtask's actor.
 */
final class SnapshotWriter {
    /** Name of the blob holding a source's splits. */
    static final String SOURCE = "source";
    /** Name of the blob holding keyed state. */
    static final String KEYED = "keyed";
    /** Name prefix of the blobs holding a chain member's operator state ({@link io.flinkstream.state.OperatorStateSnapshot}). */
    static final String OPERATOR = "operator";

    private SnapshotWriter() {
    }

    static List<StateHandle> write(SnapshotStore store, TaskSnapshot snapshot, String taskKey, JobVertex vertex,
                                   int subtask) throws IOException {
        if (store == null || vertex == null) {
            throw new IOException("No snapshot store is registered for this job on this node");
        }
        long id = snapshot.checkpointId();
        List<StateHandle> handles = new ArrayList<>();
        if (snapshot.sourceSplits() != null) {
            handles.add(store.write(id, taskKey, SOURCE, snapshot.sourceSplits())
                    .tagged(StateKind.SOURCE, vertex.sourceOperatorId(), subtask, null));
        }
        if (snapshot.keyedState() != null) {
            handles.add(store.write(id, taskKey, KEYED, snapshot.keyedState().serialize())
                    .tagged(StateKind.KEYED, vertex.keyedOperator().operatorId(), subtask,
                            snapshot.keyedState().keyGroupRange()));
        }
        for (Map.Entry<Integer, byte[]> member : snapshot.operatorStates().entrySet()) {
            ChainMember operator = vertex.chain().get(member.getKey());
            handles.add(store.write(id, taskKey, OPERATOR + "-" + operator.operatorId().hex(), member.getValue())
                    .tagged(StateKind.OPERATOR, operator.operatorId(), subtask, null));
        }
        return handles;
    }
}
