package io.flinkstream.runtime.task;

import akka.actor.typed.ActorRef;
import io.flinkstream.api.Collector;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.TaskInfo;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;
import io.flinkstream.runtime.graph.ChannelLayout;
import io.flinkstream.runtime.graph.JobEdge;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobVertex;
import io.flinkstream.runtime.graph.RuntimeSettings;
import io.flinkstream.runtime.operators.StreamOperator;
import io.flinkstream.checkpoint.BarrierAligner;
import io.flinkstream.state.HeapKeyedStateBackend;
import io.flinkstream.state.KeyedStateSnapshot;
import io.flinkstream.state.KeyGroupRangeAssignment;
import io.flinkstream.state.KeyedStateBackend;
import io.flinkstream.state.OperatorStateSnapshot;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine of one subtask attempt, driven by its actor: runs the source or consumes input batches in slices,
 * applies backpressure, and finishes at end of input. Single-threaded and never blocking; the actor is its lock.
 *
 * <p>The end of a bounded input goes in two steps, as in Flink. <b>End of data</b>: once the source has read
 * everything, or every input channel delivered {@link SubtaskActor.EndOfData}, the operators' {@code finish()} runs
 * and end of data goes out on every output channel. <b>End of partition</b>: once every input channel has also
 * ended and — when the job takes checkpoints — a checkpoint taken after {@code finish()} is complete, end of
 * partition goes out and the task is finished. So the last records, and what operators emit while finishing, are
 * covered by a completed checkpoint before the task goes: a two-phase-commit sink commits them then, and a failure
 * elsewhere before that checkpoint completes rewinds them like any other records.
 */
final class StreamTask {
    /**
     * What the actor should do after a slice. {@code DATA_ENDED}: a source of a checkpointed job has read all its
     * input; tell the coordinator, then wait (the final checkpoint's completion ends the task).
     */
    enum Step { MORE, IDLE, POLL_LATER, WAIT_FOR_CREDIT, DATA_ENDED, FINISHED }

    /** Receives what the synchronous part of each checkpoint captured, to write it asynchronously. */
    interface SnapshotListener {
        void onSnapshot(TaskSnapshot snapshot);
    }

    private final JobGraph graph;
    private final JobVertex vertex;
    private final int subtask;
    private final int attempt;
    private final RuntimeSettings settings;
    private final ActorRef<SubtaskActor.Command> self;
    private final OutputPressure pressure = new OutputPressure();
    private final Map<Long, ChannelWriter> writersByEdgeAndTarget = new HashMap<>();
    private final KeyedStateBackend backend;
    private final OperatorChain chain;
    private final Map<Integer, RecordWriter> writers = new HashMap<>();

    private InputGate gate;
    private List<ChannelLayout.InputChannel> inputChannels;
    private ActorRef<SubtaskActor.Command>[] senders;
    private SourceReader<Object, Serializable> reader;
    private CountingOutput sourceOutput;
    private SubtaskActor.RecordBatch current;
    private int position;
    private long recordsIn;
    /** {@code finish()} ran and end of data went out: only barriers and events follow. */
    private boolean dataEnded;
    private boolean[] channelDataEnded;
    private int channelsWithData;
    /** The first checkpoint taken after the end of data; -1 before. */
    private long finalCheckpointId = -1;
    private boolean finalCheckpointComplete;
    /** End of partition went out (perhaps still queued behind batches waiting for credit). */
    private boolean ending;
    private final BarrierAligner aligner;
    private final SnapshotListener snapshotListener;
    private long alignmentStart;
    private final RestoredState restored;

    StreamTask(JobGraph graph, int vertexId, int subtask, int attempt, ActorRef<SubtaskActor.Command> self,
               Map<Integer, List<ActorRef<SubtaskActor.Command>>> subtasks, ClassLoader classLoader,
               SnapshotListener snapshotListener, RestoredState restored) {
        this.graph = graph;
        this.vertex = graph.vertex(vertexId);
        this.subtask = subtask;
        this.attempt = attempt;
        this.settings = graph.settings();
        this.self = self;
        TaskInfo info = new TaskInfo(vertex.name(), subtask, vertex.parallelism(), graph.maxParallelism(), attempt);
        this.backend = vertex.keyed() ? new HeapKeyedStateBackend(
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(graph.maxParallelism(),
                        vertex.parallelism(), subtask), graph.maxParallelism()) : null;
        createWriters(subtasks, classLoader);
        this.chain = new OperatorChain(vertex, info, writers, backend, classLoader,
                graph.checkpointing().enabled());
        createInputs(subtasks);
        this.snapshotListener = snapshotListener;
        this.restored = restored;
        if (restored != null && backend instanceof HeapKeyedStateBackend heap) {
            heap.restore(restored.keyedState());
        }
        this.aligner = graph.checkpointing().enabled() && !inputChannels.isEmpty()
                ? new BarrierAligner(inputChannels.size(), graph.checkpointing().config().getCheckpointingMode())
                : null;
    }

    private void createWriters(Map<Integer, List<ActorRef<SubtaskActor.Command>>> subtasks, ClassLoader loader) {
        for (JobEdge edge : graph.edges()) {
            if (edge.sourceVertex() != vertex.id()) {
                continue;
            }
            int[] targets = ChannelLayout.targetSubtasks(graph, edge, subtask);
            int channel = ChannelLayout.channelAtTarget(graph, edge, subtask);
            boolean keyed = edge.keySelector() != null;
            ChannelWriter[] channels = new ChannelWriter[targets.length];
            for (int i = 0; i < targets.length; i++) {
                channels[i] = new ChannelWriter(subtasks.get(edge.targetVertex()).get(targets[i]), attempt, channel,
                        settings.batchSize(), keyed, pressure);
                writersByEdgeAndTarget.put(edgeAndTarget(edge.id(), targets[i]), channels[i]);
            }
            KeySelector<Object, Object> keySelector = keyed ? edge.keySelector().deserialize(loader) : null;
            String keyBy = "keyBy before " + graph.vertex(edge.targetVertex()).chain().get(0).name();
            writers.put(edge.id(), new RecordWriter(edge.partitioning(), channels, keySelector,
                    graph.maxParallelism(), subtask, keyBy));
        }
    }

    @SuppressWarnings("unchecked")
    private void createInputs(Map<Integer, List<ActorRef<SubtaskActor.Command>>> subtasks) {
        inputChannels = ChannelLayout.inputChannels(graph, vertex.id(), subtask);
        gate = new InputGate(inputChannels.size());
        channelDataEnded = new boolean[inputChannels.size()];
        channelsWithData = inputChannels.size();
        senders = new ActorRef[inputChannels.size()];
        for (ChannelLayout.InputChannel channel : inputChannels) {
            senders[channel.index()] = subtasks.get(channel.upstreamVertex()).get(channel.upstreamSubtask());
        }
    }

    private static long edgeAndTarget(int edge, int target) {
        return ((long) edge << 32) | target;
    }

    /** Opens the operators and the source, and grants every sender its initial credit. */
    void start(ClassLoader classLoader) throws Exception {
        chain.initializeState(restored == null ? null : restored.operatorState());
        chain.open();
        if (vertex.isSource()) {
            Source<Object, Serializable> source = vertex.source().deserialize(classLoader);
            reader = source.createReader(new ReaderContext(subtask, vertex.parallelism()));
            reader.addSplits(restored != null ? (List) restored.sourceSplits()
                    : source.initialSplits(subtask, vertex.parallelism()));
            sourceOutput = new CountingOutput(chain.sourceOutput());
        }
        for (ChannelLayout.InputChannel channel : inputChannels) {
            grantCredit(channel, settings.creditsPerChannel());
        }
    }

    private void grantCredit(ChannelLayout.InputChannel channel, int credits) {
        senders[channel.index()].tell(new SubtaskActor.Credit(attempt, channel.edgeId(), subtask, credits));
    }

    void onBatch(SubtaskActor.RecordBatch batch) {
        gate.add(batch.channel(), batch);
    }

    void onBarrier(SubtaskActor.Barrier barrier) {
        gate.add(barrier.channel(), barrier);
    }

    void onEndOfData(SubtaskActor.EndOfData event) {
        gate.add(event.channel(), event);
    }

    void onEndOfPartition(SubtaskActor.EndOfPartition event) {
        gate.add(event.channel(), event);
    }

    void onCredit(SubtaskActor.Credit credit) {
        ChannelWriter writer = writersByEdgeAndTarget.get(edgeAndTarget(credit.edge(), credit.targetSubtask()));
        if (writer == null) {
            throw new IllegalStateException("Credit for unknown channel: edge " + credit.edge() + ", subtask "
                    + credit.targetSubtask());
        }
        writer.addCredit(credit.credits());
    }

    /** Runs one slice of work: a bounded number of records, so control messages are never starved. */
    Step runSlice() throws Exception {
        if (ending) {
            return pressure.isBlocked() ? Step.WAIT_FOR_CREDIT : Step.FINISHED;
        }
        if (dataEnded) {
            Step end = tryEnd();
            if (end != null) {
                return end;
            }
        }
        if (pressure.isBlocked()) {
            return Step.WAIT_FOR_CREDIT;
        }
        if (reader != null) {
            return dataEnded ? Step.IDLE : runSourceSlice();
        }
        return runInputSlice();
    }

    private Step runSourceSlice() throws Exception {
        long limit = sourceOutput.count + (long) settings.batchSize() * settings.sourceBatchesPerSlice();
        InputStatus status = InputStatus.MORE_AVAILABLE;
        while (sourceOutput.count < limit && !pressure.isBlocked()) {
            try {
                status = reader.pollNext(sourceOutput);
            } catch (UserCodeException e) {
                throw e;
            } catch (Exception e) {
                throw new UserCodeException(vertex.sourceName(), e);
            }
            if (status != InputStatus.MORE_AVAILABLE) {
                break;
            }
        }
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
                if (item instanceof SubtaskActor.Barrier barrier) {
                    apply(aligner.onBarrier(barrier.channel(), barrier.checkpointId()));
                    continue;
                }
                if (item instanceof SubtaskActor.EndOfData end) {
                    channelDataEnded(end.channel());
                    continue;
                }
                if (item instanceof SubtaskActor.EndOfPartition end) {
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
                current = (SubtaskActor.RecordBatch) item;
                position = 0;
            }
            processCurrent(head);
            if (position == current.size()) {
                grantCredit(inputChannels.get(current.channel()), 1);
                current = null;
                batches--;
            }
        }
        if (pressure.isBlocked()) {
            return Step.WAIT_FOR_CREDIT;
        }
        return current != null || gate.hasAvailable() ? Step.MORE : Step.IDLE;
    }

    private void channelDataEnded(int channel) {
        if (!channelDataEnded[channel]) {
            channelDataEnded[channel] = true;
            if (--channelsWithData == 0) {
                endData();
            }
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
                while (i < size) {
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
        if (dataEnded && finalCheckpointId < 0) {
            finalCheckpointId = checkpointId;
        }
        List<Serializable> splits = reader == null ? null : new ArrayList<>(reader.snapshotState(checkpointId));
        KeyedStateSnapshot keyed = backend instanceof HeapKeyedStateBackend heap ? heap.snapshot() : null;
        byte[] operatorState = serializeOperatorState(chain.snapshotState(checkpointId));
        for (ChannelWriter writer : writersByEdgeAndTarget.values()) {
            writer.flushAndSend(new SubtaskActor.Barrier(attempt, writer.channel(), checkpointId));
        }
        snapshotListener.onSnapshot(new TaskSnapshot(checkpointId, splits, keyed, operatorState,
                System.nanoTime() - start, alignmentNanos));
    }

    private byte[] serializeOperatorState(OperatorStateSnapshot snapshot) {
        if (snapshot.isEmpty()) {
            return null;
        }
        try {
            return snapshot.serialize();
        } catch (java.io.IOException e) {
            throw new UserCodeException(chain.headName(), e);
        }
    }

    /** Tells the operators and the source that a checkpoint is complete. */
    void notifyCheckpointComplete(long checkpointId) throws Exception {
        chain.notifyCheckpointComplete(checkpointId);
        if (reader != null) {
            reader.notifyCheckpointComplete(checkpointId);
        }
        if (finalCheckpointId >= 0 && checkpointId >= finalCheckpointId) {
            finalCheckpointComplete = true;
        }
    }

    /** End of data: the operators finish, and end of data goes out behind their last records. */
    private void endData() {
        dataEnded = true;
        chain.finish();
        for (ChannelWriter writer : writersByEdgeAndTarget.values()) {
            writer.flushAndSend(new SubtaskActor.EndOfData(attempt, writer.channel()));
        }
    }

    /**
     * After end of data: once every input channel has ended and, with checkpointing, a checkpoint taken after
     * {@code finish()} is complete, end of partition goes out. Null while the task must wait.
     */
    private Step tryEnd() {
        if (!gate.allEnded() || (graph.checkpointing().enabled() && !finalCheckpointComplete)) {
            return null;
        }
        ending = true;
        for (ChannelWriter writer : writersByEdgeAndTarget.values()) {
            writer.flushAndSend(new SubtaskActor.EndOfPartition(attempt, writer.channel()));
        }
        return pressure.isBlocked() ? Step.WAIT_FOR_CREDIT : Step.FINISHED;
    }

    /** Whether records sit in partly filled output batches. */
    boolean hasBufferedOutput() {
        for (ChannelWriter writer : writersByEdgeAndTarget.values()) {
            if (writer.hasBufferedRecords()) {
                return true;
            }
        }
        return false;
    }

    /** Sends partly filled batches when nothing else is queued, so a trickle of records is not held back. */
    void flushIfIdle() {
        if (current == null && !gate.hasAvailable() && !dataEnded) {
            for (ChannelWriter writer : writersByEdgeAndTarget.values()) {
                writer.flushIfCredit();
            }
        }
    }

    /** Whether end of partition went out: a barrier now would trail it. */
    boolean isEnding() {
        return ending;
    }

    TaskMetrics metrics() {
        return new TaskMetrics(recordsIn, sourceOutput == null ? 0 : sourceOutput.count, gate.maxQueued(),
                settings.creditsPerChannel(), pressure.stalls());
    }

    /** Closes operators, source and state; returns the first exception or null. */
    Exception close() {
        Exception error = chain.close();
        if (reader != null) {
            try {
                reader.close();
            } catch (Exception e) {
                error = addTo(error, new UserCodeException(vertex.sourceName(), e));
            }
        }
        if (backend != null) {
            backend.close();
        }
        return error;
    }

    private static Exception addTo(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    String vertexName() {
        return vertex.name();
    }

    private record ReaderContext(int subtaskIndex, int parallelism) implements SourceReaderContext {
    }

    /** Counts what the source emits: the progress figure and the slice budget. */
    private static final class CountingOutput implements Collector<Object>,
            io.flinkstream.api.source.ReaderOutput<Object> {
        private final Collector<Object> target;
        private long count;

        CountingOutput(Collector<Object> target) {
            this.target = target;
        }

        @Override
        public void collect(Object record) {
            if (record == null) {
                throw new NullPointerException("The source emitted a null record; streams carry no null records");
            }
            count++;
            target.collect(record);
        }
    }
}
