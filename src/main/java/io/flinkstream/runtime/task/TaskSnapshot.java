package io.flinkstream.runtime.task;

import io.flinkstream.state.KeyedStateSnapshot;


/**
 * What the synchronous part of a checkpoint captured in one subtask, to be written asynchronously.
 *
 * @param checkpointId the checkpoint
 * @param sourceSplits the source reader's splits with their positions, serialized at the barrier ({@link SourceSplits}),
 *     or null when the subtask has no source
 * @param keyedState copy-on-write views of the keyed state, or null when the subtask is not keyed
 * @param operatorState the operator state of the chain, already serialized (small, and copied this way), or null
 *     when the chain has none
 * @param syncNanos how long the capture took
 * @param alignmentNanos how long input channels were blocked waiting for this checkpoint's barriers
 */
record TaskSnapshot(long checkpointId, byte[] sourceSplits, KeyedStateSnapshot keyedState,
                    byte[] operatorState, long syncNanos, long alignmentNanos) {
}
