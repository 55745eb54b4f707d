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
    /** Records per second over all subtasks; 0: as fast as they can go. */
    private final long ratePerSecond;

    /**
     * The numbers still to emit from one range.
     *
     * @param next the next number to emit
     * @param last the last number of the range (inclusive)
     */
    public record Range(long next, long last) implements java.io.Serializable {
    }

    public SequenceSource(long from, long to) {
        this(from, to, 0);
    }

    private SequenceSource(long from, long to, long ratePerSecond) {
        if (from > to) {
            throw new IllegalArgumentException("fromSequence(" + from + ", " + to + "): from must not be greater "
                    + "than to");
        }
        this.from = from;
        this.to = to;
        this.ratePerSecond = ratePerSecond;
    }

    /**
     * The same numbers at no more than {@code recordsPerSecond} over all subtasks (each its share), as Flink's
     * {@code RateLimiterStrategy.perSecond}: for jobs that should run a while, such as a cluster demo or a test that
     * kills a node mid-job. A reader that is ahead of its rate says it has nothing for now, so no thread is blocked.
     */
    public SequenceSource withRatePerSecond(long recordsPerSecond) {
        if (recordsPerSecond <= 0) {
            throw new IllegalArgumentException("withRatePerSecond(" + recordsPerSecond + "): the rate must be "
                    + "positive");
        }
        return new SequenceSource(from, to, recordsPerSecond);
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
        double perSubtask = ratePerSecond == 0 ? 0 : (double) ratePerSecond / context.parallelism();
        return new Reader(perSubtask);
    }

    private static final class Reader implements SourceReader<Long, Range> {
        private final ArrayDeque<Range> pending = new ArrayDeque<>();
        /** Records per second of this reader; 0: unlimited. */
        private final double rate;
        private long startNanos = -1;
        private long emitted;
        private long next;
        private long last;
        private boolean active;

        Reader(double rate) {
            this.rate = rate;
        }

        /** How many records the rate allows now, at most {@code wanted}. */
        private long allowed(long wanted) {
            if (rate == 0) {
                return wanted;
            }
            long now = System.nanoTime();
            if (startNanos < 0) {
                startNanos = now;
            }
            long due = (long) ((now - startNanos) / 1e9 * rate) + 1;
            return Math.max(0, Math.min(wanted, due - emitted));
        }

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
            if (rate != 0) {
                long allowed = allowed(stop - next);
                if (allowed == 0) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                stop = next + allowed;
                emitted += allowed;
            }
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
