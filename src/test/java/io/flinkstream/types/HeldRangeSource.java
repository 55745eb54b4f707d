package io.flinkstream.types;

import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers {@code [0, count)}, one contiguous range per subtask, whose readers stop half-way through their range
 * (answering {@code NOTHING_AVAILABLE}, so checkpoints go on) until a {@link FailureSwitch} is armed. Splits are
 * immutable records, as the source API asks.
 */
final class HeldRangeSource implements Source<Long, HeldRangeSource.Range> {
    private static final long serialVersionUID = 1L;
    private static final int RECORDS_PER_POLL = 64;

    /** What is left of a subtask's range, and where it holds until the switch is armed. */
    record Range(long next, long hold, long end) implements Serializable {
    }

    private final long count;
    private final String failureSwitch;

    HeldRangeSource(long count, String failureSwitch) {
        this.count = count;
        this.failureSwitch = failureSwitch;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Range> initialSplits(int subtaskIndex, int parallelism) {
        long from = count * subtaskIndex / parallelism;
        long to = count * (subtaskIndex + 1) / parallelism;
        return List.of(new Range(from, from + (to - from) / 2, to));
    }

    @Override
    public SourceReader<Long, Range> createReader(SourceReaderContext context) {
        return new Reader(failureSwitch);
    }

    private static final class Reader implements SourceReader<Long, Range> {
        private final String failureSwitch;
        private final List<Range> splits = new ArrayList<>();

        Reader(String failureSwitch) {
            this.failureSwitch = failureSwitch;
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
                return InputStatus.END_OF_INPUT;
            }
            Range range = splits.get(0);
            long limit = FailureSwitch.armed(failureSwitch) ? range.end() : range.hold();
            if (range.next() >= limit) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            long stop = Math.min(limit, range.next() + RECORDS_PER_POLL);
            for (long v = range.next(); v < stop; v++) {
                output.collect(v);
            }
            splits.set(0, new Range(stop, range.hold(), range.end()));
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Range> snapshotState(long checkpointId) {
            return List.copyOf(splits);
        }
    }
}
