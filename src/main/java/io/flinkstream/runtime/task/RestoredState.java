package io.flinkstream.runtime.task;

import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.checkpoint.StateHandle;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.state.KeyedStateSnapshot;
import io.flinkstream.state.OperatorStateSnapshot;
import io.flinkstream.state.RestoredKeyedState;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One subtask's state from a completed checkpoint, read before the subtask starts. A subtask that took part in the
 * checkpoint with nothing to store (a finished source) gets empty state: for a source that means no splits left,
 * never "start from the beginning".
 *
 * @param checkpointId the checkpoint restored from
 * @param sourceSplits the source's splits with their positions; empty if it had none left
 * @param keyedState the keyed state with the snapshots of its serializers; empty if none
 * @param operatorState the chain's operator state, union lists already merged over all subtasks; empty if none
 */
record RestoredState(long checkpointId, List<Serializable> sourceSplits, RestoredKeyedState keyedState,
                     OperatorStateSnapshot operatorState) {

    /**
     * Reads the state of one subtask of {@code vertex} in checkpoint {@code checkpointId}; blocking I/O.
     *
     * @param classLoader loads the job's classes named in the state
     */
    static RestoredState read(SnapshotStore store, long checkpointId, int vertex, int subtask,
                              ClassLoader classLoader) throws IOException {
        CheckpointMetadata metadata = store.readMetadata(checkpointId);
        List<StateHandle> handles = metadata.taskStates().getOrDefault(JobGraph.taskKey(vertex, subtask), List.of());
        List<Serializable> splits = new ArrayList<>();
        RestoredKeyedState keyed = RestoredKeyedState.EMPTY;
        for (StateHandle handle : handles) {
            if (handle.location().endsWith(SnapshotWriter.SOURCE)) {
                splits.addAll(SourceSplits.deserialize(store.read(handle), handle.location(), classLoader));
            } else if (handle.location().endsWith(SnapshotWriter.KEYED)) {
                keyed = KeyedStateSnapshot.deserialize(store.read(handle), classLoader);
            }
        }
        return new RestoredState(checkpointId, splits, keyed,
                readOperatorState(store, metadata, vertex, subtask, classLoader));
    }

    /**
     * Union lists need every subtask's operator state, so the operator blobs of all subtasks of the vertex are read;
     * operator state is small by design.
     */
    private static OperatorStateSnapshot readOperatorState(SnapshotStore store, CheckpointMetadata metadata,
                                                           int vertex, int subtask, ClassLoader classLoader)
            throws IOException {
        String firstKey = JobGraph.taskKey(vertex, 0);
        String prefix = firstKey.substring(0, firstKey.length() - 1); // task keys end with the subtask index
        Map<Integer, OperatorStateSnapshot> bySubtask = new HashMap<>();
        for (Map.Entry<String, List<StateHandle>> task : metadata.taskStates().entrySet()) {
            if (!task.getKey().startsWith(prefix)) {
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(task.getKey().substring(prefix.length()));
            } catch (NumberFormatException e) {
                continue;
            }
            for (StateHandle handle : task.getValue()) {
                if (handle.location().endsWith(SnapshotWriter.OPERATOR)) {
                    bySubtask.put(index, OperatorStateSnapshot.deserialize(store.read(handle), classLoader));
                }
            }
        }
        return OperatorStateSnapshot.restoreFor(subtask, bySubtask);
    }
}
