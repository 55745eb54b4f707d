package io.flinkstream.runtime.task;

import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.checkpoint.StateHandle;
import io.flinkstream.state.KeyedStateSnapshot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One subtask's state from a completed checkpoint, read before the subtask starts. A subtask that took part in the
 * checkpoint with nothing to store (a finished source) gets empty state: for a source that means no splits left,
 * never "start from the beginning".
 *
 * @param checkpointId the checkpoint restored from
 * @param sourceSplits the source's splits with their positions; empty if it had none left
 * @param keyedState state name → key group → key → value; empty if none
 */
record RestoredState(long checkpointId, List<Serializable> sourceSplits,
                     Map<String, Map<Integer, Map<Object, Object>>> keyedState) {

    /** Reads the state of {@code taskKey} in checkpoint {@code checkpointId}; blocking I/O. */
    static RestoredState read(SnapshotStore store, long checkpointId, String taskKey) throws IOException {
        CheckpointMetadata metadata = store.readMetadata(checkpointId);
        List<StateHandle> handles = metadata.taskStates().getOrDefault(taskKey, List.of());
        List<Serializable> splits = new ArrayList<>();
        Map<String, Map<Integer, Map<Object, Object>>> keyed = Map.of();
        for (StateHandle handle : handles) {
            byte[] data = store.read(handle);
            if (handle.location().endsWith(SnapshotWriter.SOURCE)) {
                splits.addAll(readSplits(data, handle));
            } else if (handle.location().endsWith(SnapshotWriter.KEYED)) {
                keyed = KeyedStateSnapshot.deserialize(data);
            }
        }
        return new RestoredState(checkpointId, splits, keyed);
    }

    @SuppressWarnings("unchecked")
    private static List<Serializable> readSplits(byte[] data, StateHandle handle) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            return (List<Serializable>) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("The source splits in " + handle.location() + " need a class that is not on the "
                    + "class path: " + e.getMessage(), e);
        }
    }
}
