package io.flinkstream.runtime.task;

import io.flinkstream.checkpoint.CheckpointMetadata;
import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.checkpoint.StateAssignment;
import io.flinkstream.checkpoint.StateHandle;
import io.flinkstream.checkpoint.StateKind;
import io.flinkstream.runtime.graph.ChainMember;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.state.KeyGroupRange;
import io.flinkstream.state.KeyGroupRangeAssignment;
import io.flinkstream.state.ListRedistribution;
import io.flinkstream.state.OperatorStateSnapshot;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One subtask's state from a completed checkpoint, read before the subtask starts. Found by operator id and shared
 * out at the subtask's parallelism by {@link StateAssignment}: keyed state by key group, operator lists evenly (union
 * lists whole), source splits one by one. A subtask that took part in the checkpoint with nothing to store (a
 * finished source) gets empty state: for a source that means no splits left, never "start from the beginning".
 *
 * @param checkpointId the checkpoint restored from
 * @param sourceSplits the source's splits with their positions; empty if it had none left; null when the checkpoint
 *     does not know the source (it is new in this job), which then starts from its initial splits
 * @param keyedState the keyed state blobs whose key groups overlap this subtask's, for its keyed backend; empty if
 *     none
 * @param operatorState the chain's operator state by chain member index, already shared out; empty if none
 */
record RestoredState(long checkpointId, List<Serializable> sourceSplits, List<byte[]> keyedState,
                     OperatorStateSnapshot operatorState) {

    RestoredState {
        sourceSplits = sourceSplits == null ? null : List.copyOf(sourceSplits);
        keyedState = List.copyOf(keyedState);
    }

    /**
     * Reads the state of subtask {@code subtask} of vertex {@code vertex} of {@code graph} in checkpoint
     * {@code checkpointId}; blocking I/O. Operator state and splits are small by design, so every old subtask's blob
     * of the subtask's operators is read to share them out.
     *
     * @param classLoader loads the job's classes named in the state
     */
    static RestoredState read(SnapshotStore store, long checkpointId, JobGraph graph, int vertex, int subtask,
                              ClassLoader classLoader) throws IOException {
        CheckpointMetadata metadata = store.readMetadata(checkpointId);
        JobVertex v = graph.vertex(vertex);
        if (metadata.hasUntaggedHandles()) {
            return readByPosition(store, metadata, vertex, subtask, classLoader);
        }
        StateAssignment assignment = new StateAssignment(metadata);
        int parallelism = v.parallelism();
        List<Serializable> splits = new ArrayList<>();
        if (v.isSource() && metadata.operators().stream().noneMatch(op -> op.id().equals(v.sourceOperatorId()))) {
            splits = null;
        } else if (v.isSource()) {
            List<List<Serializable>> old = new ArrayList<>();
            for (List<StateHandle> handles : assignment.handlesBySubtask(v.sourceOperatorId(), StateKind.SOURCE)) {
                List<Serializable> of = new ArrayList<>();
                for (StateHandle handle : handles) {
                    of.addAll(SourceSplits.deserialize(store.read(handle), handle.location(), classLoader));
                }
                old.add(of);
            }
            splits = ListRedistribution.moduloShare(old, subtask, parallelism);
        }
        List<byte[]> keyed = new ArrayList<>();
        if (v.keyedOperator() != null) {
            KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(graph.maxParallelism(),
                    parallelism, subtask);
            for (StateHandle handle : assignment.keyedHandles(v.keyedOperator().operatorId(), range)) {
                keyed.add(store.read(handle));
            }
        }
        Map<Integer, Map<String, OperatorStateSnapshot.NamedList>> members = new HashMap<>();
        for (int i = 0; i < v.chain().size(); i++) {
            ChainMember member = v.chain().get(i);
            List<OperatorStateSnapshot> old = new ArrayList<>();
            for (List<StateHandle> handles : assignment.handlesBySubtask(member.operatorId(), StateKind.OPERATOR)) {
                old.add(handles.isEmpty() ? OperatorStateSnapshot.EMPTY
                        : OperatorStateSnapshot.deserialize(store.read(handles.get(0)), classLoader));
            }
            Map<String, OperatorStateSnapshot.NamedList> lists =
                    OperatorStateSnapshot.redistribute(old, subtask, parallelism);
            if (!lists.isEmpty()) {
                members.put(i, lists);
            }
        }
        return new RestoredState(checkpointId, splits, keyed, new OperatorStateSnapshot(members));
    }

    /**
     * A checkpoint of metadata version 1 names no operators: the subtask reads the blobs of its own task key, and
     * the operator blobs of every subtask of its vertex for union lists. {@code StateAssignment.check} made sure the
     * job and its parallelism did not change.
     */
    private static RestoredState readByPosition(SnapshotStore store, CheckpointMetadata metadata, int vertex,
                                                int subtask, ClassLoader classLoader) throws IOException {
        List<Serializable> splits = new ArrayList<>();
        List<byte[]> keyed = new ArrayList<>();
        Map<Integer, OperatorStateSnapshot> operatorBySubtask = new HashMap<>();
        String prefix = JobGraph.taskKey(vertex, 0).replaceAll("0$", "");
        for (Map.Entry<String, List<StateHandle>> task : metadata.taskStates().entrySet()) {
            if (!task.getKey().startsWith(prefix) || !task.getKey().substring(prefix.length()).matches("\\d+")) {
                continue;
            }
            boolean own = task.getKey().equals(JobGraph.taskKey(vertex, subtask));
            for (StateHandle handle : task.getValue()) {
                if (handle.kind() == StateKind.OPERATOR) {
                    operatorBySubtask.put(handle.subtask(),
                            OperatorStateSnapshot.deserialize(store.read(handle), classLoader));
                } else if (own && handle.kind() == StateKind.SOURCE) {
                    splits.addAll(SourceSplits.deserialize(store.read(handle), handle.location(), classLoader));
                } else if (own && handle.kind() == StateKind.KEYED) {
                    keyed.add(store.read(handle));
                }
            }
        }
        return new RestoredState(metadata.checkpointId(), splits, keyed,
                OperatorStateSnapshot.restoreFor(subtask, operatorBySubtask));
    }
}
