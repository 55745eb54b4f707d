package io.flinkstream.connectors;

import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers {@code from..to} (both inclusive), split into one contiguous range per subtask. Behind
 * {@code env.fromSequence(from, to)}.
 */
public final class SequenceSource implements Source<Long, SequenceSource.Range> {
    private static final int RECORDS_PER_POLL = 32;

    private final long from;
    private final long to;

    /**
     * The numbers still to emit from one range.
     *
     * @param next the next number to emit
     * @param last the last number of the range (inclusive)
     */
    public record Range(long next, long last) implements java.io.Serializable {
    }

    public SequenceSource(long from, long to) {
        if (from > to) {
            throw new IllegalArgumentException("fromSequence(" + from + ", " + to + "): from must not be greater "
                    + "than to");
        }
        this.from = from;
        this.to = to;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Range> initialSplits(int subtaskIndex, int parallelism) {
        // Compute sizes with unsigned arithmetic: the full long range has 2^64 numbers.
        long count = to - from + 1;
        long base = Long.divideUnsigned(count, parallelism);
        long remainder = Long.remainderUnsigned(count, parallelism);
        if (count == 0) { // the whole long range
            base = Long.divideUnsigned(-1L, parallelism);
            remainder = Long.remainderUnsigned(-1L, parallelism) + 1;
        }
        long start = from + base * subtaskIndex + Math.min(subtaskIndex, remainder);
        long size = base + (subtaskIndex < remainder ? 1 : 0);
        return size == 0 ? List.of() : List.of(new Range(start, start + size - 1));
    }

    @Override
    public SourceReader<Long, Range> createReader(SourceReaderContext context) {
        return new Reader();
    }

    private static final class Reader implements SourceReader<Long, Range> {
        private final ArrayDeque<Range> pending = new ArrayDeque<>();
        private long next;
        private long last;
        private boolean active;

        @Override
        public void addSplits(List<Range> splits) {
            pending.addAll(splits);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            if (!active && !advance()) {
                return InputStatus.END_OF_INPUT;
            }
            long stop = last - next >= RECORDS_PER_POLL ? next + RECORDS_PER_POLL : last + 1;
            for (long v = next; v != stop; v++) {
                output.collect(v);
            }
            if (stop == last + 1) {
                active = false;
            } else {
                next = stop;
            }
            return active || !pending.isEmpty() ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
        }

        private boolean advance() {
            Range range = pending.poll();
            if (range == null) {
                return false;
            }
            next = range.next();
            last = range.last();
            active = true;
            return true;
        }

        @Override
        public List<Range> snapshotState(long checkpointId) {
            List<Range> state = new ArrayList<>();
            if (active) {
                state.add(new Range(next, last));
            }
            state.addAll(pending);
            return state;
        }
    }
}
