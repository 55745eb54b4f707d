package io.flinkstream.checkpoint;

import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers {@code [0, count)} in {@code splitsPerSubtask} ranges per subtask, so a restore at another parallelism
 * has several splits to share out. Told to die at a fraction of its input, each reader stops there (answering
 * {@code NOTHING_AVAILABLE}, so checkpoints go on), waits until a checkpoint taken while it stood there completes,
 * then throws — a run that dies with a completed checkpoint at a known point of its input, without timing. At 0 the
 * readers emit nothing before that checkpoint; with {@code once}, only the first attempt dies, and a restart reads
 * on. {@link #readAll} reads everything (the run that restores).
 */
public final class HaltingRangeSource implements Source<Long, HaltingRangeSource.Range> {
    private static final long serialVersionUID = 1L;

    /** The part of a range still to read. */
    public record Range(long next, long end) implements java.io.Serializable {
    }

    private static final java.util.Set<String> DIED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final long count;
    private final int splitsPerSubtask;
    private final double dieAt;
    private final String once;

    private HaltingRangeSource(long count, int splitsPerSubtask, double dieAt, boolean once) {
        this.count = count;
        this.splitsPerSubtask = splitsPerSubtask;
        this.dieAt = dieAt;
        this.once = once ? java.util.UUID.randomUUID().toString() : null;
    }

    /** Dies for good, on every attempt, after {@code fraction} of each reader's numbers and a checkpoint. */
    public static HaltingRangeSource dyingAt(long count, int splitsPerSubtask, double fraction) {
        return new HaltingRangeSource(count, splitsPerSubtask, fraction, false);
    }

    /** Dies once, in its first attempt, after {@code fraction} of each reader's numbers and a checkpoint. */
    public static HaltingRangeSource dyingOnceAt(long count, int splitsPerSubtask, double fraction) {
        return new HaltingRangeSource(count, splitsPerSubtask, fraction, true);
    }

    /** Reads everything. */
    public static HaltingRangeSource readAll(long count, int splitsPerSubtask) {
        return new HaltingRangeSource(count, splitsPerSubtask, -1, false);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Range> initialSplits(int subtaskIndex, int parallelism) {
        int splits = parallelism * splitsPerSubtask;
        List<Range> mine = new ArrayList<>();
        for (int s = subtaskIndex * splitsPerSubtask; s < (subtaskIndex + 1) * splitsPerSubtask; s++) {
            long from = count * s / splits;
            long to = count * (s + 1) / splits;
            if (from < to) {
                mine.add(new Range(from, to));
            }
        }
        return mine;
    }

    @Override
    public SourceReader<Long, Range> createReader(SourceReaderContext context) {
        boolean dies = dieAt >= 0 && (once == null || !DIED.contains(once));
        return new Reader(dies ? dieAt : -1, once);
    }

    private static final class Reader implements SourceReader<Long, Range> {
        private final List<Range> ranges = new ArrayList<>();
        private final double dieAt;
        private final String once;
        private long next;
        private long end;
        private long total = -1;
        private long emitted;
        private long haltedAt = -1;
        private boolean released;

        Reader(double dieAt, String once) {
            this.dieAt = dieAt;
            this.once = once;
        }

        private boolean halted() {
            return dieAt >= 0 && emitted >= (long) (total * dieAt);
        }

        @Override
        public void addSplits(List<Range> splits) {
            ranges.addAll(splits);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            if (total < 0) {
                total = ranges.stream().mapToLong(r -> r.end() - r.next()).sum();
            }
            if (halted()) {
                if (released) {
                    if (once != null) {
                        DIED.add(once);
                    }
                    throw new IllegalStateException("the process dies at " + dieAt + " of its input, after a "
                            + "checkpoint");
                }
                return InputStatus.NOTHING_AVAILABLE;
            }
            while (next == end && !ranges.isEmpty()) {
                Range range = ranges.remove(0);
                next = range.next();
                end = range.end();
            }
            if (next == end) {
                return InputStatus.END_OF_INPUT;
            }
            output.collect(next++);
            emitted++;
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Range> snapshotState(long checkpointId) {
            if (total >= 0 && halted() && haltedAt < 0) {
                haltedAt = checkpointId;
            }
            List<Range> state = new ArrayList<>();
            if (next < end) {
                state.add(new Range(next, end));
            }
            state.addAll(ranges);
            return state;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            released |= haltedAt >= 0 && checkpointId >= haltedAt;
        }
    }
}
