package io.flinkstream.runtime.task;

import io.flinkstream.state.KeyedStateBackend;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the synchronous part of a checkpoint captured in one subtask, to be written asynchronously.
 *
 * @param checkpointId the checkpoint
 * @param sourceSplits the source reader's splits with their positions, serialized at the barrier ({@link SourceSplits}),
 *     or null when the subtask has no source
 * @param keyedState the keyed backend's snapshot of the head operator of a keyed vertex, or null when not keyed
 * @param operatorStates by chain member index, the operator state of each member that has some, already serialized
 *     (small, and copied this way); a member without operator state is absent
 * @param syncNanos how long the capture took
 * @param alignmentNanos how long input channels were blocked waiting for this checkpoint's barriers
 */
record TaskSnapshot(long checkpointId, byte[] sourceSplits, KeyedStateBackend.Snapshot keyedState,
                    Map<Integer, byte[]> operatorStates, long syncNanos, long alignmentNanos) {
    TaskSnapshot {
        operatorStates = new TreeMap<>(operatorStates);
    }
}
