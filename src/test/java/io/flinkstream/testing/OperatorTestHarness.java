package io.flinkstream.testing;

import io.flinkstream.api.Collector;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.OperatorStateStore;
import io.flinkstream.api.TaskInfo;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.KryoSerializer;
import io.flinkstream.runtime.operators.OperatorContext;
import io.flinkstream.runtime.operators.StreamOperator;
import io.flinkstream.state.HeapKeyedStateBackend;
import io.flinkstream.state.HeapOperatorStateStore;
import io.flinkstream.state.KeyGroupRange;
import io.flinkstream.state.KeyGroupRangeAssignment;
import io.flinkstream.state.KeyedStateSnapshot;
import io.flinkstream.state.OperatorStateSnapshot;
import io.flinkstream.state.RestoredKeyedState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Drives one {@link StreamOperator} as subtask 0 of 1 of a job's runtime does, without actors: setup with an
 * {@link OperatorContext}, a {@link HeapKeyedStateBackend} when the operator is keyed (the current key and its key
 * group set before every record, as {@code StreamTask} does), a {@link HeapOperatorStateStore}, initializeState,
 * open, records one by one, finish, close. Checkpoints go the runtime's way: {@link #snapshot()} is the synchronous
 * part (a copy-on-write view of keyed state, operator state serialized at once), {@link CapturedState#write()} the
 * asynchronous part, and {@link #restore} builds a fresh operator from the written bytes.
 *
 * <pre>{@code
 * OperatorTestHarness<String, Long> harness = OperatorTestHarness.start(
 *         () -> new KeyedProcessOperator<>(new CountPerKey()), word -> word);
 * harness.processElement("a");
 * StoredState stored = harness.snapshot().write();
 * harness.close();
 * harness = OperatorTestHarness.restore(() -> new KeyedProcessOperator<>(new CountPerKey()), word -> word, stored);
 * harness.processElement("a");
 * harness.output();   // [1, 2]
 * }</pre>
 *
 * <p>Records are copied with the generic serializer on their way in and out, as the runtime copies records of mutable
 * types between operators: the operator may change its input, and an operator emitting its state object cannot change
 * output already collected.
 *
 * @param <IN> input type
 * @param <OUT> output type
 */
public final class OperatorTestHarness<IN, OUT> implements AutoCloseable {
    /** The job's number of key groups; the harness's one subtask owns them all. */
    public static final int MAX_PARALLELISM = 128;
    private static final ClassLoader CLASS_LOADER = OperatorTestHarness.class.getClassLoader();

    /**
     * What the synchronous part of a checkpoint captured: keyed state not serialized yet, operator state already
     * serialized (as {@code StreamTask} does).
     *
     * @param checkpointId the checkpoint
     * @param keyedState the copy-on-write view of keyed state; null for an operator that is not keyed
     * @param operatorState the operator state in {@link OperatorStateSnapshot}'s format; null when there is none
     */
    public record CapturedState(long checkpointId, KeyedStateSnapshot keyedState, byte[] operatorState) {
        /** The asynchronous part: serializes the keyed state now, as the snapshot writer does. */
        public StoredState write() throws IOException {
            return new StoredState(checkpointId, keyedState == null ? null : keyedState.serialize(), operatorState);
        }
    }

    /**
     * The state of the operator as a checkpoint stores it: the blobs {@code keyed} and {@code operator}.
     *
     * @param checkpointId the checkpoint
     * @param keyedState keyed state in {@link KeyedStateSnapshot}'s format 4; null for an operator that is not keyed
     * @param operatorState operator state in {@link OperatorStateSnapshot}'s format; null when there is none
     */
    public record StoredState(long checkpointId, byte[] keyedState, byte[] operatorState) {
    }

    private final StreamOperator<IN, OUT> operator;
    private final KeySelector<IN, ?> keySelector;
    private final HeapKeyedStateBackend backend;
    private final HeapOperatorStateStore operatorState;
    private final List<Object> output;
    private final TypeSerializer<Object> recordCopier = new KryoSerializer<>(Object.class, new SerializerConfig());
    private long lastCheckpointId;
    private boolean closed;

    private OperatorTestHarness(StreamOperator<IN, OUT> operator, KeySelector<IN, ?> keySelector, StoredState restored,
                                int attempt, List<Object> output) throws Exception {
        this.operator = Objects.requireNonNull(operator, "The supplier returned no operator");
        this.keySelector = keySelector;
        this.output = output;
        this.lastCheckpointId = restored == null ? 0 : restored.checkpointId();
        if (operator.requiresKeyedInput() && keySelector == null) {
            throw new IllegalArgumentException(operator.getClass().getSimpleName() + " only runs on a keyed stream: "
                    + "give the harness a key selector");
        }
        String owner = "operator '" + operator.getClass().getSimpleName() + "'";
        this.backend = keySelector == null ? null : new HeapKeyedStateBackend(
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, 1, 0),
                MAX_PARALLELISM, new SerializerConfig(), null, owner);
        TaskInfo taskInfo = new TaskInfo("harness", 0, 1, MAX_PARALLELISM, attempt);
        Collector<OUT> collector = record -> this.output.add(recordCopier.copy(record));
        operator.setup(new OperatorContext(owner, taskInfo, backend, true), collector);
        if (restored != null && backend != null) {
            backend.restore(restored.keyedState() == null ? RestoredKeyedState.EMPTY
                    : KeyedStateSnapshot.deserialize(restored.keyedState(), CLASS_LOADER));
        }
        OperatorStateSnapshot operatorSnapshot = restored == null ? null : restoredOperatorState(restored);
        this.operatorState = new HeapOperatorStateStore(operatorSnapshot == null ? Map.of()
                : operatorSnapshot.listsOf(0), new SerializerConfig(), owner);
        operator.initializeState(new InitializationContext(restored != null, operatorState));
        operator.open();
    }

    /**
     * Starts a fresh operator with empty state.
     *
     * @param keySelector the key of each record for a keyed operator; null for an operator that is not keyed
     */
    public static <IN, OUT> OperatorTestHarness<IN, OUT> start(Supplier<? extends StreamOperator<IN, OUT>> supplier,
                                                               KeySelector<IN, ?> keySelector) throws Exception {
        return new OperatorTestHarness<>(supplier.get(), keySelector, null, 0, new ArrayList<>());
    }

    /**
     * Starts a fresh operator from {@code supplier} with the state of {@code stored}, as a restarted subtask does:
     * keyed state restored into a new backend, operator state into a new store, then initializeState (restored) and
     * open.
     */
    public static <IN, OUT> OperatorTestHarness<IN, OUT> restore(Supplier<? extends StreamOperator<IN, OUT>> supplier,
                                                                 KeySelector<IN, ?> keySelector, StoredState stored)
            throws Exception {
        return restore(supplier, keySelector, stored, new ArrayList<>());
    }

    /** As {@link #restore(Supplier, KeySelector, StoredState)}, appending the operator's output to {@code output}. */
    static <IN, OUT> OperatorTestHarness<IN, OUT> restore(Supplier<? extends StreamOperator<IN, OUT>> supplier,
                                                          KeySelector<IN, ?> keySelector, StoredState stored,
                                                          List<Object> output) throws Exception {
        Objects.requireNonNull(stored, "stored");
        return new OperatorTestHarness<>(supplier.get(), keySelector, stored, 1, output);
    }

    /** As {@link #start(Supplier, KeySelector)}, appending the operator's output to {@code output}. */
    static <IN, OUT> OperatorTestHarness<IN, OUT> start(Supplier<? extends StreamOperator<IN, OUT>> supplier,
                                                        KeySelector<IN, ?> keySelector, List<Object> output)
            throws Exception {
        return new OperatorTestHarness<>(supplier.get(), keySelector, null, 0, output);
    }

    private static OperatorStateSnapshot restoredOperatorState(StoredState stored) throws IOException {
        // The runtime merges union lists over all subtasks' blobs; here subtask 0 is the only one.
        return stored.operatorState() == null ? OperatorStateSnapshot.EMPTY
                : OperatorStateSnapshot.restoreFor(0, Map.of(0,
                        OperatorStateSnapshot.deserialize(stored.operatorState(), CLASS_LOADER)));
    }

    /**
     * Hands one record to the operator, with its key set first when the operator is keyed. Like the runtime, which
     * copies records of mutable types on their way to the next operator, the harness hands over a copy: the operator
     * owns it and may change it, and the caller's record stays as it was.
     */
    @SuppressWarnings("unchecked")
    public void processElement(IN original) throws Exception {
        checkOpen();
        IN record = (IN) recordCopier.copy(original);
        if (backend != null) {
            Object key = keySelector.getKey(record);
            if (key == null) {
                throw new NullPointerException("The key selector returned a null key for record " + record);
            }
            backend.setCurrentKey(key, KeyGroupRangeAssignment.assignToKeyGroup(key, MAX_PARALLELISM));
        }
        operator.processElement(record);
    }

    /**
     * The synchronous part of the next checkpoint, in the runtime's order: the keyed state's view, then the
     * operator's {@code snapshotState} and its operator state serialized at once.
     */
    public CapturedState snapshot() throws Exception {
        checkOpen();
        long checkpointId = ++lastCheckpointId;
        KeyedStateSnapshot keyed = backend == null ? null : backend.snapshot();
        FunctionSnapshotContext context = () -> checkpointId;
        operator.snapshotState(context);
        Map<String, OperatorStateSnapshot.NamedList> lists = operatorState.snapshot();
        byte[] operatorBytes = lists.isEmpty() ? null : new OperatorStateSnapshot(Map.of(0, lists)).serialize();
        return new CapturedState(checkpointId, keyed, operatorBytes);
    }

    /** Tells the operator that {@code checkpointId} is complete. */
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        checkOpen();
        operator.notifyCheckpointComplete(checkpointId);
    }

    /** End of input. */
    public void finish() throws Exception {
        checkOpen();
        operator.finish();
    }

    /** What the operator emitted so far, as copies. */
    @SuppressWarnings("unchecked")
    public List<OUT> output() {
        return (List<OUT>) List.copyOf(output);
    }

    /** The operator under test, to inspect its function. */
    public StreamOperator<IN, OUT> operator() {
        return operator;
    }

    /** Closes the operator and drops the keyed state, as a subtask does when it ends or fails. */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            operator.close();
        } finally {
            if (backend != null) {
                backend.close();
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The harness is closed; restore a new one from a snapshot");
        }
    }

    private record InitializationContext(boolean isRestored, OperatorStateStore getOperatorStateStore)
            implements FunctionInitializationContext {
    }
}
