package io.flinkstream.checkpoint;

import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BooleanSupplier;

/**
 * The numbers {@code [0, count)}, one contiguous range per subtask, whose readers do not end until a gate opens:
 * after their last record they answer {@code NOTHING_AVAILABLE} (so checkpoints go on) until the gate's condition
 * holds. A test thereby keeps a bounded job alive until what it waits for has happened, without timing. Readers also
 * record every checkpoint they were asked to snapshot, on the subtask's thread, at the barrier.
 *
 * <pre>{@code
 * GatedSequenceSource source = new GatedSequenceSource(100_000, () -> faults.completedIds().contains(5L));
 * env.fromSource(source, "gated").keyBy(...)...
 * }</pre>
 */
final class GatedSequenceSource implements Source<Long, GatedSequenceSource.Range> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, BooleanSupplier> GATES = new ConcurrentHashMap<>();
    private static final Map<String, Set<Long>> SNAPSHOTS = new ConcurrentHashMap<>();
    private static final Map<String, Set<Long>> SNAPSHOTS_AFTER_END = new ConcurrentHashMap<>();
    private static final Map<String, java.util.concurrent.atomic.AtomicInteger> ENDED_READERS =
            new ConcurrentHashMap<>();
    private static final int RECORDS_PER_POLL = 32;

    /** The part of a subtask's range still to read. */
    record Range(long next, long end) implements java.io.Serializable {
    }

    private final long count;
    private final String id = UUID.randomUUID().toString();

    /** A source of {@code [0, count)} whose readers end once {@code gate} holds (checked on every idle poll). */
    GatedSequenceSource(long count, BooleanSupplier gate) {
        this.count = count;
        GATES.put(id, gate);
        SNAPSHOTS.put(id, new ConcurrentSkipListSet<>());
        SNAPSHOTS_AFTER_END.put(id, new ConcurrentSkipListSet<>());
        ENDED_READERS.put(id, new java.util.concurrent.atomic.AtomicInteger());
    }

    /** How many readers have answered {@code END_OF_INPUT}. */
    int endedReaders() {
        java.util.concurrent.atomic.AtomicInteger ended = ENDED_READERS.get(id);
        return ended == null ? 0 : ended.get();
    }

    /** The checkpoint ids any reader of this source has snapshotted so far. */
    Set<Long> snapshottedCheckpoints() {
        return Set.copyOf(SNAPSHOTS.get(id));
    }

    /** The checkpoint ids a reader snapshotted after it had answered {@code END_OF_INPUT}. */
    Set<Long> snapshotsAfterEnd() {
        return Set.copyOf(SNAPSHOTS_AFTER_END.getOrDefault(id, Set.of()));
    }

    /** Forgets this source's gate and observations. */
    void forget() {
        GATES.remove(id);
        SNAPSHOTS.remove(id);
        SNAPSHOTS_AFTER_END.remove(id);
        ENDED_READERS.remove(id);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Range> initialSplits(int subtaskIndex, int parallelism) {
        long from = count * subtaskIndex / parallelism;
        long to = count * (subtaskIndex + 1) / parallelism;
        return List.of(new Range(from, to));
    }

    @Override
    public SourceReader<Long, Range> createReader(SourceReaderContext context) {
        return new Reader(id);
    }

    private static final class Reader implements SourceReader<Long, Range> {
        private final String id;
        private final List<Range> splits = new ArrayList<>();
        private boolean ended;

        Reader(String id) {
            this.id = id;
        }

        @Override
        public void addSplits(List<Range> added) {
            splits.addAll(added);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            while (!splits.isEmpty() && splits.get(0).next() >= splits.get(0).end()) {
                splits.remove(0);
            }
            if (splits.isEmpty()) {
                BooleanSupplier gate = GATES.get(id);
                ended = gate == null || gate.getAsBoolean();
                if (ended) {
                    ENDED_READERS.getOrDefault(id, new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                }
                return ended ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
            }
            Range range = splits.get(0);
            long stop = Math.min(range.end(), range.next() + RECORDS_PER_POLL);
            for (long v = range.next(); v < stop; v++) {
                output.collect(v);
            }
            splits.set(0, new Range(stop, range.end()));
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Range> snapshotState(long checkpointId) {
            Set<Long> seen = SNAPSHOTS.get(id);
            if (seen != null) {
                seen.add(checkpointId);
            }
            Set<Long> afterEnd = SNAPSHOTS_AFTER_END.get(id);
            if (ended && afterEnd != null) {
                afterEnd.add(checkpointId);
            }
            return List.copyOf(splits);
        }
    }
}
