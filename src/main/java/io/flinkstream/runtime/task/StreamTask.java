package io.flinkstream.runtime.task;

import akka.actor.typed.ActorRef;
import io.flinkstream.api.TaskInfo;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.runtime.graph.ChannelLayout;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.runtime.graph.RuntimeSettings;
import io.flinkstream.runtime.operators.StreamOperator;
import io.flinkstream.checkpoint.BarrierAligner;
import io.flinkstream.runtime.network.frames.Barrier;
import io.flinkstream.runtime.network.frames.CancellationBarrier;
import io.flinkstream.runtime.network.frames.ChannelFrame;
import io.flinkstream.runtime.network.frames.Credit;
import io.flinkstream.runtime.network.frames.EndOfData;
import io.flinkstream.runtime.network.frames.EndOfPartition;
import io.flinkstream.runtime.network.frames.Frame;
import io.flinkstream.runtime.network.frames.RecordBatch;
import io.flinkstream.runtime.network.frames.SerializedBatch;
import io.flinkstream.runtime.network.frames.WireTraffic;
import io.flinkstream.state.KeyGroupRangeAssignment;
import io.flinkstream.state.KeyedStateBackend;
import io.flinkstream.state.KeyedStateBackendParameters;
import io.flinkstream.state.OperatorStateSnapshot;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine of one subtask attempt, driven by its actor: runs the source or consumes input batches in slices,
 * applies backpressure, and finishes at end of input. Single-threaded and never blocking; the actor is its lock.
 *
 * <p>The end of a bounded input goes in two steps, as in Flink. <b>End of data</b>: once the source has read
 * everything, or every input channel delivered {@link EndOfData}, the operators' {@code finish()} runs
 * and end of data goes out on every output channel. <b>End of partition</b>: once every input channel has also
 * ended and — when the job takes checkpoints — a checkpoint taken after {@code finish()} is complete, end of
 * partition goes out and the task is finished. So the last records, and what operators emit while finishing, are
 * covered by a completed checkpoint before the task goes: a two-phase-commit sink commits them then, and a failure
 * elsewhere before that checkpoint completes rewinds them like any other records. {@link EndOfInput} decides when
 * each step may go; {@link OutputChannels} sends the events, and {@link SourceInput} runs a source's reader.
 */
final class StreamTask {
    /** Records of a keyed batch whose state is looked up ahead, together (see KeyedStateBackend#prefetch). */
    private static final int PREFETCH_DISTANCE = 32;
    /**
     * What the actor should do after a slice. {@code DATA_ENDED}: a source of a checkpointed job has read all its
     * input; tell the coordinator, then wait (the final checkpoint's completion ends the task).
     */
    enum Step { MORE, IDLE, POLL_LATER, WAIT_FOR_CREDIT, DATA_ENDED, FINISHED }

    /** Receives what the synchronous part of each checkpoint captured, to write it asynchronously. */
    interface SnapshotListener {
        void onSnapshot(TaskSnapshot snapshot);

        /** This subtask gave up checkpoint {@code checkpointId} without taking it: decline it. */
        void onCancelled(long checkpointId, String reason);
    }

    private final JobGraph graph;
    private final JobVertex vertex;
    private final int subtask;
    private final int attempt;
    private final RuntimeSettings settings;
    private final OutputPressure pressure = new OutputPressure();
    private final OutputChannels outputs;
    private final KeyedStateBackend backend;
    private final OperatorChain chain;
    private final EndOfInput endOfInput;
    private final BarrierAligner aligner;
    private final SnapshotListener snapshotListener;
    private final RestoredState restored;
    private final TaskActors actors;
    private final WireTraffic traffic;
    private final ClassLoader classLoader;

    private InputGate gate;
    /** Per input channel: batches consumed whose credit is not yet returned to the sender (see #batchConsumed). */
    private int[] creditOwed;
    /** Owed credit returned in one message: half a channel's credit. */
    private final int creditReturnThreshold;
    private SerializedInputs serializedInputs;
    private List<ChannelLayout.InputChannel> inputChannels;
    private ActorRef<Frame>[] senders;
    private SourceInput source;
    private RecordBatch current;
    private int position;
    private long recordsIn;
    private long alignmentStart;

    StreamTask(JobGraph graph, int vertexId, int subtask, int attempt,
               Map<Integer, List<ActorRef<Frame>>> subtasks, ClassLoader classLoader,
               SnapshotListener snapshotListener, RestoredState restored, TaskActors actors)
            throws java.io.IOException {
        this.graph = graph;
        this.classLoader = classLoader;
        this.vertex = graph.vertex(vertexId);
        this.subtask = subtask;
        this.attempt = attempt;
        this.settings = graph.settings();
        this.creditReturnThreshold = Math.max(1, settings.creditsPerChannel() / 2);
        TaskInfo info = new TaskInfo(vertex.name(), subtask, vertex.parallelism(), graph.maxParallelism(), attempt);
        this.backend = vertex.keyed() ? graph.checkpointing().backend().createKeyedStateBackend(
                new KeyedStateBackendParameters(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                        graph.maxParallelism(), vertex.parallelism(), subtask), graph.maxParallelism(),
                        settings.serializerConfig(),
                        vertex.keySerializer() == null ? null : vertex.keySerializer().duplicate(),
                        "operator '" + vertex.keyedOperator().name() + "'", classLoader))
                : null;
        this.traffic = actors == null ? null : WireTraffic.get(actors.system());
        this.outputs = new OutputChannels(graph, vertex, subtask, attempt, subtasks, classLoader, pressure, traffic);
        this.actors = actors;
        if (actors != null) {
            actors.usePressure(pressure);
        }
        this.chain = new OperatorChain(vertex, info, outputs.recordWriters(), backend, classLoader,
                graph.checkpointing().enabled(), settings, actors);
        createInputs(subtasks);
        this.endOfInput = new EndOfInput(inputChannels.size(), graph.checkpointing().enabled());
        this.snapshotListener = snapshotListener;
        this.restored = restored;
        if (restored != null && backend != null) {
            backend.restore(restored.keyedState());
        }
        this.aligner = graph.checkpointing().enabled() && !inputChannels.isEmpty()
                ? new BarrierAligner(inputChannels.size(), graph.checkpointing().config().getCheckpointingMode())
                : null;
    }

    @SuppressWarnings("unchecked")
    private void createInputs(Map<Integer, List<ActorRef<Frame>>> subtasks) {
        inputChannels = ChannelLayout.inputChannels(graph, vertex.id(), subtask);
        gate = new InputGate(inputChannels.size());
        creditOwed = new int[inputChannels.size()];
        senders = new ActorRef[inputChannels.size()];
        for (ChannelLayout.InputChannel channel : inputChannels) {
            senders[channel.index()] = subtasks.get(channel.upstreamVertex()).get(channel.upstreamSubtask());
        }
    }

    /** Opens the operators and the source, and grants every sender its initial credit. */
    void start(ClassLoader classLoader) throws Exception {
        chain.initializeState(restored == null ? null : restored.operatorState());
        chain.open();
        if (vertex.isSource()) {
            source = new SourceInput(vertex, subtask, classLoader, chain.sourceOutput(), actors);
            source.addSplits(restored);
        }
        for (ChannelLayout.InputChannel channel : inputChannels) {
            grantCredit(channel, settings.creditsPerChannel());
        }
    }

    private void grantCredit(ChannelLayout.InputChannel channel, int credits) {
        senders[channel.index()].tell(new Credit(attempt, channel.edgeId(), subtask, credits));
    }

    /**
     * A batch of {@code channel} was consumed: its credit goes back to the sender once half the channel's credit is
     * owed (one message for several batches, which counts between JVMs, where each message costs thread hand-offs
     * and a write), and all of it before the task goes idle ({@link #returnOwedCredit}), so a sender never waits on
     * credit this task holds while it has nothing to do.
     */
    private void batchConsumed(int channel) {
        int owed = ++creditOwed[channel];
        if (owed >= creditReturnThreshold) {
            creditOwed[channel] = 0;
            grantCredit(inputChannels.get(channel), owed);
        }
    }

    private void returnOwedCredit() {
        for (int channel = 0; channel < creditOwed.length; channel++) {
            int owed = creditOwed[channel];
            if (owed > 0) {
                creditOwed[channel] = 0;
                grantCredit(inputChannels.get(channel), owed);
            }
        }
    }

    /** Queues a batch or event that arrived on an input channel. */
    void onChannelInput(ChannelFrame input) {
        gate.add(input.channel(), input);
    }

    void onCredit(Credit credit) {
        outputs.onCredit(credit);
    }

    /** Runs one slice of work: a bounded number of records, so control messages are never starved. */
    Step runSlice() throws Exception {
        if (endOfInput.isEnding()) {
            return pressure.isBlocked() ? Step.WAIT_FOR_CREDIT : Step.FINISHED;
        }
        if (endOfInput.isDataEnded()) {
            Step end = tryEnd();
            if (end != null) {
                return end;
            }
        }
        if (pressure.isBlocked()) {
            return Step.WAIT_FOR_CREDIT;
        }
        if (source != null) {
            return endOfInput.isDataEnded() ? Step.IDLE : runSourceSlice();
        }
        return runInputSlice();
    }

    private Step runSourceSlice() throws Exception {
        InputStatus status = source.poll((long) settings.batchSize() * settings.sourceBatchesPerSlice(), pressure);
        if (status == InputStatus.END_OF_INPUT) {
            endData();
            if (graph.checkpointing().enabled()) {
                return Step.DATA_ENDED;
            }
            Step end = tryEnd();
            return end != null ? end : Step.IDLE;
        }
        if (pressure.isBlocked()) {
            return Step.WAIT_FOR_CREDIT;
        }
        if (status == InputStatus.NOTHING_AVAILABLE) {
            flushIfIdle();
            return Step.POLL_LATER;
        }
        return Step.MORE;
    }

    private Step runInputSlice() throws Exception {
        StreamOperator<Object, Object> head = chain.head();
        int batches = settings.sourceBatchesPerSlice();
        while (batches > 0 && !pressure.isBlocked()) {
            if (current == null) {
                Object item = gate.poll();
                if (item == null) {
                    break;
                }
                if (item instanceof Barrier barrier) {
                    apply(aligner.onBarrier(barrier.channel(), barrier.checkpointId()));
                    continue;
                }
                if (item instanceof CancellationBarrier cancellation) {
                    apply(aligner.onCancellationBarrier(cancellation.channel(), cancellation.checkpointId()));
                    continue;
                }
                if (item instanceof EndOfData end) {
                    channelDataEnded(end.channel());
                    continue;
                }
                if (item instanceof EndOfPartition end) {
                    channelDataEnded(end.channel()); // implied, should a sender skip its end of data
                    gate.markEnded(end.channel());
                    if (aligner != null) {
                        apply(aligner.onChannelEnded(end.channel()));
                    }
                    if (gate.allEnded()) {
                        Step step = tryEnd();
                        if (step != null) {
                            return step;
                        }
                    }
                    continue;
                }
                current = item instanceof SerializedBatch serialized
                        ? decode(serialized) : (RecordBatch) item;
                position = 0;
            }
            processCurrent(head);
            if (position == current.size()) {
                batchConsumed(current.channel());
                current = null;
                batches--;
            }
        }
        if (pressure.isBlocked()) {
            return Step.WAIT_FOR_CREDIT;
        }
        if (current != null || gate.hasAvailable()) {
            return Step.MORE;
        }
        returnOwedCredit();
        return Step.IDLE;
    }

    private RecordBatch decode(SerializedBatch batch) throws java.io.IOException {
        if (serializedInputs == null) {
            // Made at the first serialized batch: a subtask whose batches all come by reference never needs it.
            serializedInputs = new SerializedInputs(graph, inputChannels, classLoader);
        }
        if (traffic == null) {
            return serializedInputs.decode(batch);
        }
        long start = WireTraffic.threadCpuNanos();
        RecordBatch decoded = serializedInputs.decode(batch);
        traffic.batchDeserialized(WireTraffic.threadCpuNanos() - start);
        return decoded;
    }

    private void channelDataEnded(int channel) {
        if (endOfInput.channelDataEnded(channel)) {
            endData();
        }
    }

    private void processCurrent(StreamOperator<Object, Object> head) throws Exception {
        Object[] records = current.records();
        int size = current.size();
        int i = position;
        try {
            if (backend != null) {
                Object[] keys = current.keys();
                int[] keyGroups = current.keyGroups();
                int prefetched = i;
                while (i < size) {
                    if (i == prefetched) {
                        prefetched = Math.min(size, i + PREFETCH_DISTANCE);
                        backend.prefetch(keys, keyGroups, i, prefetched);
                    }
                    backend.setCurrentKey(keys[i], keyGroups[i]);
                    head.processElement(records[i++]);
                    if (pressure.isBlocked()) {
                        break;
                    }
                }
            } else {
                while (i < size) {
                    head.processElement(records[i++]);
                    if (pressure.isBlocked()) {
                        break;
                    }
                }
            }
        } catch (UserCodeException e) {
            throw e;
        } catch (Exception e) {
            throw new UserCodeException(chain.headName(), e);
        } finally {
            recordsIn += i - position;
            position = i;
        }
    }

    /** A source subtask's checkpoint: capture the reader's position and state, then send the barrier on. */
    void triggerCheckpoint(long checkpointId) {
        performCheckpoint(checkpointId, 0);
    }

    private void apply(BarrierAligner.Decision decision) {
        for (long cancelled : decision.cancelledCheckpoints()) {
            snapshotListener.onCancelled(cancelled, "this subtask of '" + vertexName() + "' gave it up: a newer "
                    + "barrier overtook it, or a cancellation barrier came, on an input channel");
            // Downstream, channels aligned for it would otherwise wait for a barrier that never comes.
            outputs.sendToAll(channel -> new CancellationBarrier(attempt, channel, cancelled));
        }
        if (decision.alignmentStarted()) {
            alignmentStart = System.nanoTime();
        }
        if (decision.triggerCheckpoint().isPresent()) {
            long alignment = alignmentStart > 0 ? System.nanoTime() - alignmentStart : 0;
            alignmentStart = 0;
            performCheckpoint(decision.triggerCheckpoint().getAsLong(), alignment);
        }
        decision.channelsToBlock().forEach(gate::block);
        decision.channelsToUnblock().forEach(gate::unblock);
    }

    /**
     * The synchronous part: O(1)-per-key-group copy-on-write views of keyed state, the source's splits and the
     * operators' operator state, then the barrier goes out on every output channel behind the records emitted before
     * it — so a two-phase-commit sink's next transaction holds exactly the records after the barrier.
     */
    private void performCheckpoint(long checkpointId, long alignmentNanos) {
        long start = System.nanoTime();
        endOfInput.checkpointTaken(checkpointId);
        byte[] splits = source == null ? null
                : SourceSplits.serialize(source.snapshotSplits(checkpointId), vertex.sourceName());
        KeyedStateBackend.Snapshot keyed = backend == null ? null : backend.snapshot(checkpointId);
        Map<Integer, byte[]> operatorStates = serializeOperatorState(chain.snapshotState(checkpointId));
        outputs.sendToAll(channel -> new Barrier(attempt, channel, checkpointId));
        snapshotListener.onSnapshot(new TaskSnapshot(checkpointId, splits, keyed, operatorStates,
                System.nanoTime() - start, alignmentNanos));
    }

    /** One blob per chain member with operator state, so a restore finds each operator's state by its id. */
    private Map<Integer, byte[]> serializeOperatorState(OperatorStateSnapshot snapshot) {
        Map<Integer, byte[]> perMember = new HashMap<>();
        snapshot.members().forEach((member, lists) -> {
            try {
                perMember.put(member, new OperatorStateSnapshot(Map.of(member, lists)).serialize());
            } catch (java.io.IOException e) {
                throw new UserCodeException(vertex.chain().get(member).name(), e);
            }
        });
        return perMember;
    }

    /** Tells the operators and the source that a checkpoint is complete. */
    void notifyCheckpointComplete(long checkpointId) throws Exception {
        chain.notifyCheckpointComplete(checkpointId);
        if (source != null) {
            source.notifyCheckpointComplete(checkpointId);
        }
        endOfInput.checkpointComplete(checkpointId);
    }

    /**
     * Checkpoint {@code checkpointId} was aborted by the coordinator: channels aligned for it are released at once
     * (its missing barriers will never come), and the operators and the source are told.
     */
    void notifyCheckpointAborted(long checkpointId) throws Exception {
        if (aligner != null) {
            apply(aligner.onAbort(checkpointId));
        }
        chain.notifyCheckpointAborted(checkpointId);
        if (source != null) {
            source.notifyCheckpointAborted(checkpointId);
        }
    }

    /** End of data: the operators finish, and end of data goes out behind their last records. */
    private void endData() {
        endOfInput.dataEnded();
        chain.finish();
        outputs.sendToAll(channel -> new EndOfData(attempt, channel));
    }

    /**
     * After end of data: once every input channel has ended and, with checkpointing, a checkpoint taken after
     * {@code finish()} is complete, end of partition goes out. Null while the task must wait.
     */
    private Step tryEnd() {
        if (!endOfInput.mayEndPartition(gate.allEnded())) {
            return null;
        }
        endOfInput.partitionEnded();
        outputs.sendToAll(channel -> new EndOfPartition(attempt, channel));
        return pressure.isBlocked() ? Step.WAIT_FOR_CREDIT : Step.FINISHED;
    }

    /** Whether records sit in partly filled output batches. */
    boolean hasBufferedOutput() {
        return outputs.hasBufferedRecords();
    }

    /** Sends partly filled batches when nothing else is queued, so a trickle of records is not held back. */
    void flushIfIdle() {
        if (current == null && !gate.hasAvailable() && !endOfInput.isDataEnded()) {
            outputs.flushIfCredit();
        }
    }

    /** Whether end of partition went out: a barrier now would trail it. */
    boolean isEnding() {
        return endOfInput.isEnding();
    }

    TaskMetrics metrics() {
        return new TaskMetrics(recordsIn, source == null ? 0 : source.recordsOut(), gate.maxQueued(),
                settings.creditsPerChannel(), pressure.stalls());
    }

    /** Closes operators, source and state; returns the first exception or null. */
    Exception close() {
        Exception error = chain.close();
        if (source != null) {
            error = addTo(error, source.close());
        }
        if (backend != null) {
            backend.close();
        }
        return error;
    }

    private static Exception addTo(Exception first, Exception next) {
        if (first == null || next == null) {
            return first == null ? next : first;
        }
        first.addSuppressed(next);
        return first;
    }

    String vertexName() {
        return vertex.name();
    }
}
