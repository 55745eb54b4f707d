package io.flinkstream.runtime.task;

import io.flinkstream.api.Collector;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.OperatorStateStore;
import io.flinkstream.api.TaskInfo;
import io.flinkstream.runtime.graph.ChainMember;
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.runtime.graph.RuntimeSettings;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.runtime.operators.OperatorContext;
import io.flinkstream.runtime.operators.StreamOperator;
import io.flinkstream.state.HeapOperatorStateStore;
import io.flinkstream.state.KeyedStateBackend;
import io.flinkstream.state.OperatorStateSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators of one subtask, wired output to input: chained members call each other directly, network outputs
 * go to {@link RecordWriter}s. Built once per attempt from fresh copies of the user code.
 */
final class OperatorChain {
    private final List<StreamOperator<Object, Object>> operators = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<HeapOperatorStateStore> operatorStates = new ArrayList<>();
    private final Collector<Object> sourceOutput;
    private final RuntimeSettings settings;
    private int opened;

    /**
     * @param writers the record writer of every network output edge of this vertex, by edge id
     * @param backend the keyed state of the subtask, given to the head operator of a keyed vertex; else null
     */
    OperatorChain(JobVertex vertex, TaskInfo taskInfo, Map<Integer, RecordWriter> writers,
                  KeyedStateBackend backend, ClassLoader classLoader, boolean checkpointingEnabled,
                  RuntimeSettings settings, TaskActors actors) {
        this.settings = settings;
        List<ChainMember> members = vertex.chain();
        for (ChainMember member : members) {
            operators.add(member.operator().deserialize(classLoader));
            names.add(member.name());
        }
        // Members only feed later members, so wire from the tail back to the head.
        Collector<Object>[] outputs = newOutputs(members.size());
        for (int i = members.size() - 1; i >= 0; i--) {
            ChainMember member = members.get(i);
            outputs[i] = combine(member.chainedOutputs(), member.networkOutputs(), writers,
                    member.outputSerializer(), member.name());
            KeyedStateBackend memberBackend = i == 0 && vertex.keyed() ? backend : null;
            String description = "operator '" + member.name() + "' (subtask " + (taskInfo.indexOfThisSubtask() + 1)
                    + "/" + taskInfo.numberOfParallelSubtasks() + ")";
            operators.get(i).setup(new OperatorContext(member.name(), taskInfo, memberBackend,
                    checkpointingEnabled, actors == null ? null : actors.forOperator(member.name(), description)),
                    outputs[i]);
        }
        sourceOutput = vertex.isSource()
                ? combine(vertex.sourceChainedOutputs(), vertex.sourceNetworkOutputs(), writers,
                        vertex.sourceOutputSerializer(), vertex.sourceName()) : null;
    }

    @SuppressWarnings("unchecked")
    private static Collector<Object>[] newOutputs(int n) {
        return new Collector[n];
    }

    /**
     * The output of one producer: its chained consumers and its network edges, each getting its own copy of every
     * record of a mutable type (one serializer per subtask, duplicated from the graph's).
     */
    private Collector<Object> combine(List<Integer> chained, List<Integer> network, Map<Integer, RecordWriter> writers,
                                      TypeSerializer<Object> serializer, String producer) {
        TypeSerializer<Object> own = serializer == null ? null : serializer.duplicate();
        boolean reuse = settings.objectReuse();
        List<Collector<Object>> targets = new ArrayList<>();
        for (int member : chained) {
            targets.add(CopyingOutput.of(new ChainingOutput(operators.get(member), names.get(member)), own, reuse,
                    producer));
        }
        for (int edge : network) {
            targets.add(CopyingOutput.of(writers.get(edge), own, reuse, producer));
        }
        if (targets.size() == 1) {
            return targets.get(0);
        }
        if (targets.isEmpty()) {
            return record -> { };
        }
        return new BroadcastingOutput(targets.toArray(newOutputs(0)));
    }

    /**
     * Gives every operator its operator state, tail first like {@link #open()}: restored from {@code restored}, or
     * empty on a fresh start (null).
     */
    void initializeState(OperatorStateSnapshot restored) throws Exception {
        operatorStates.clear();
        for (int i = 0; i < operators.size(); i++) {
            operatorStates.add(new HeapOperatorStateStore(restored == null ? Map.of() : restored.listsOf(i),
                    settings.serializerConfig(), "operator '" + names.get(i) + "'"));
        }
        for (int i = operators.size() - 1; i >= 0; i--) {
            InitializationContext context = new InitializationContext(restored != null, operatorStates.get(i));
            try {
                operators.get(i).initializeState(context);
            } catch (Exception e) {
                throw new UserCodeException(names.get(i), e);
            }
        }
    }

    /**
     * The synchronous part of a checkpoint for the operators: each writes its operator state (head first, in the
     * order records flow), then the lists are copied.
     */
    OperatorStateSnapshot snapshotState(long checkpointId) {
        FunctionSnapshotContext context = () -> checkpointId;
        for (int i = 0; i < operators.size(); i++) {
            try {
                operators.get(i).snapshotState(context);
            } catch (Exception e) {
                throw new UserCodeException(names.get(i), e);
            }
        }
        Map<Integer, Map<String, OperatorStateSnapshot.NamedList>> members = new HashMap<>();
        for (int i = 0; i < operatorStates.size(); i++) {
            Map<String, OperatorStateSnapshot.NamedList> lists = operatorStates.get(i).snapshot();
            if (!lists.isEmpty()) {
                members.put(i, lists);
            }
        }
        return new OperatorStateSnapshot(members);
    }

    private record InitializationContext(boolean isRestored, OperatorStateStore getOperatorStateStore)
            implements FunctionInitializationContext {
    }

    /** Opens the operators tail first, so every operator's consumers are ready before it can emit. */
    void open() throws Exception {
        for (int i = operators.size() - 1; i >= 0; i--) {
            try {
                operators.get(i).open();
            } catch (Exception e) {
                throw new UserCodeException(names.get(i), e);
            }
            opened++;
        }
    }

    /** The head operator, fed by the network inputs; null for a source vertex without chained operators. */
    StreamOperator<Object, Object> head() {
        return operators.isEmpty() ? null : operators.get(0);
    }

    String headName() {
        return names.isEmpty() ? "" : names.get(0);
    }

    /** Where a source vertex's records go. */
    Collector<Object> sourceOutput() {
        return sourceOutput;
    }

    /** End of input: head first, so what an operator emits while finishing reaches operators not yet finished. */
    void finish() {
        for (int i = 0; i < operators.size(); i++) {
            try {
                operators.get(i).finish();
            } catch (UserCodeException e) {
                throw e;
            } catch (Exception e) {
                throw new UserCodeException(names.get(i), e);
            }
        }
    }

    /** Tells every operator, head first, that a checkpoint is complete. */
    void notifyCheckpointComplete(long checkpointId) {
        for (int i = 0; i < operators.size(); i++) {
            try {
                operators.get(i).notifyCheckpointComplete(checkpointId);
            } catch (Exception e) {
                throw new UserCodeException(names.get(i), e);
            }
        }
    }

    /** Tells every operator, head first, that a checkpoint was aborted. */
    void notifyCheckpointAborted(long checkpointId) {
        for (int i = 0; i < operators.size(); i++) {
            try {
                operators.get(i).notifyCheckpointAborted(checkpointId);
            } catch (Exception e) {
                throw new UserCodeException(names.get(i), e);
            }
        }
    }

    /** Closes every opened operator; returns the first exception, with later ones suppressed, or null. */
    Exception close() {
        Exception first = null;
        int total = operators.size();
        for (int i = total - 1; i >= total - opened; i--) {
            try {
                operators.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = new UserCodeException(names.get(i), e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        opened = 0;
        return first;
    }
}
