package io.flinkstream.api;

import io.flinkstream.state.HeapOperatorStateStore;
import io.flinkstream.state.OperatorStateSnapshot;

import java.util.Map;

/** Drives a {@link CheckpointedFunction}'s operator state without a job, as subtask 0's runtime would. */
public final class OperatorStateHarness {
    private OperatorStateHarness() {
    }

    /** Initializes {@code function}'s state: restored from {@code restored}, or fresh when it is null. */
    public static HeapOperatorStateStore initialize(CheckpointedFunction function, OperatorStateSnapshot restored)
            throws Exception {
        HeapOperatorStateStore store = new HeapOperatorStateStore(restored == null ? Map.of() : restored.listsOf(0));
        function.initializeState(new FunctionInitializationContext() {
            @Override
            public boolean isRestored() {
                return restored != null;
            }

            @Override
            public OperatorStateStore getOperatorStateStore() {
                return store;
            }
        });
        return store;
    }

    /** What a checkpoint stores and a restore reads back: serialized, as the runtime does. */
    public static OperatorStateSnapshot roundTrip(HeapOperatorStateStore store) throws Exception {
        return OperatorStateSnapshot.deserialize(new OperatorStateSnapshot(Map.of(0, store.snapshot())).serialize(),
                OperatorStateHarness.class.getClassLoader());
    }
}
