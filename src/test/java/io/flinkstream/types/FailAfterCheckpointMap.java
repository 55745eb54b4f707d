package io.flinkstream.types;

import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.RichMapFunction;

import java.util.HashMap;
import java.util.Map;

/**
 * An identity map, chained to its source, that fails once: in attempt 0, at the first record after a checkpoint
 * completed that this subtask had passed records into (so the state downstream holds them). It arms its
 * {@link FailureSwitch} at that moment; a {@link HeldRangeSource} on the same switch then lets the rest of its records
 * go, and the next one fails here. No record position is guessed, so the failure always follows a checkpoint.
 */
final class FailAfterCheckpointMap extends RichMapFunction<Long, Long>
        implements CheckpointedFunction, CheckpointListener {
    private final String failureSwitch;
    private transient long seen;
    private transient Map<Long, Long> seenAtBarrier;

    FailAfterCheckpointMap(String failureSwitch) {
        this.failureSwitch = failureSwitch;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        seenAtBarrier = new HashMap<>();
    }

    @Override
    public Long map(Long value) {
        if (firstAttempt() && FailureSwitch.armed(failureSwitch)) {
            throw new IllegalStateException("injected failure after a checkpoint, at " + value);
        }
        seen++;
        return value;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        seenAtBarrier.put(context.getCheckpointId(), seen);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (firstAttempt() && seenAtBarrier.getOrDefault(checkpointId, 0L) > 0) {
            FailureSwitch.arm(failureSwitch);
        }
    }

    private boolean firstAttempt() {
        return getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
    }
}
