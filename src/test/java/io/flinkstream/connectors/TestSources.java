package io.flinkstream.connectors;

import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reusable user sources for tests, written against the public source API only, as a user's connector would be.
 * Each subtask runs its own deserialized copy, so what a test wants to observe is kept in static maps keyed by a
 * per-instance id, the way {@link CollectSink} does.
 */
public final class TestSources {
    private static final Map<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();

    private TestSources() {
    }

    /** A counter shared by every copy of a test source, found again by its id. */
    static String newCounter() {
        String id = UUID.randomUUID().toString();
        COUNTERS.put(id, new AtomicLong());
        return id;
    }

    static long counter(String id) {
        return COUNTERS.get(id).get();
    }

    static void increment(String id) {
        COUNTERS.get(id).incrementAndGet();
    }

    /** The numbers {@code [0, count)}, split into one contiguous range per subtask, as splits. */
    public record Range(long next, long end) implements java.io.Serializable {
    }

    /** The numbers {@code [0, count)}, one contiguous range per subtask; each source brings its own reader. */
    private abstract static class RangeSource implements Source<Long, Range> {
        private final long count;
        private final Boundedness boundedness;

        RangeSource(long count, Boundedness boundedness) {
            this.count = count;
            this.boundedness = boundedness;
        }

        @Override
        public final Boundedness getBoundedness() {
            return boundedness;
        }

        @Override
        public final List<Range> initialSplits(int subtaskIndex, int parallelism) {
            long from = count * subtaskIndex / parallelism;
            long to = count * (subtaskIndex + 1) / parallelism;
            return from == to ? List.of() : List.of(new Range(from, to));
        }
    }

    /**
     * The numbers {@code [0, count)}, but every record is followed by {@code idlePolls} polls that answer
     * {@link InputStatus#NOTHING_AVAILABLE}: the runtime has to come back on its own (it has no other input to wake
     * it) for the job to finish.
     */
    public static final class TricklingSource extends RangeSource {
        private final int idlePolls;
        private final String idleAnswers = newCounter();

        public TricklingSource(long count, int idlePolls) {
            super(count, Boundedness.BOUNDED);
            this.idlePolls = idlePolls;
        }

        /** How many times a reader answered NOTHING_AVAILABLE, over all subtasks. */
        public long idleAnswers() {
            return counter(idleAnswers);
        }

        @Override
        public SourceReader<Long, Range> createReader(SourceReaderContext context) {
            return new RangeReader() {
                private int idleLeft;

                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) {
                    if (idleLeft > 0) {
                        idleLeft--;
                        increment(idleAnswers);
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    if (!hasNext()) {
                        return InputStatus.END_OF_INPUT;
                    }
                    output.collect(next());
                    idleLeft = idlePolls;
                    return InputStatus.MORE_AVAILABLE;
                }
            };
        }
    }

    /**
     * An unbounded source: emits the numbers {@code [0, count)} of its subtask's share, then has nothing available
     * for ever (the job runs until cancelled). Counts how often a reader was closed.
     */
    public static final class EndlessSource extends RangeSource {
        private final String closes = newCounter();

        public EndlessSource(long count) {
            super(count, Boundedness.CONTINUOUS_UNBOUNDED);
        }

        /** How many readers have been closed so far. */
        public long closedReaders() {
            return counter(closes);
        }

        @Override
        public SourceReader<Long, Range> createReader(SourceReaderContext context) {
            return new RangeReader() {
                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) {
                    if (!hasNext()) {
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    output.collect(next());
                    return InputStatus.MORE_AVAILABLE;
                }

                @Override
                public void close() {
                    increment(closes);
                }
            };
        }
    }

    /** The numbers {@code [0, count)}; the reader throws {@code IllegalStateException("reader broke at N")} at N. */
    public static final class FailingSource extends RangeSource {
        private final long failAt;

        public FailingSource(long count, long failAt) {
            super(count, Boundedness.BOUNDED);
            this.failAt = failAt;
        }

        @Override
        public SourceReader<Long, Range> createReader(SourceReaderContext context) {
            return new RangeReader() {
                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) {
                    if (!hasNext()) {
                        return InputStatus.END_OF_INPUT;
                    }
                    long value = next();
                    if (value == failAt) {
                        throw new IllegalStateException("reader broke at " + value);
                    }
                    output.collect(value);
                    return InputStatus.MORE_AVAILABLE;
                }
            };
        }
    }

    /** Reads the ranges it is given, in order. */
    private abstract static class RangeReader implements SourceReader<Long, Range> {
        private final List<Range> ranges = new ArrayList<>();
        private long next;
        private long end;

        @Override
        public void addSplits(List<Range> splits) {
            ranges.addAll(splits);
        }

        boolean hasNext() {
            while (next == end && !ranges.isEmpty()) {
                Range range = ranges.remove(0);
                next = range.next();
                end = range.end();
            }
            return next < end;
        }

        long next() {
            return next++;
        }

        @Override
        public List<Range> snapshotState(long checkpointId) {
            List<Range> state = new ArrayList<>();
            if (next < end) {
                state.add(new Range(next, end));
            }
            state.addAll(ranges);
            return state;
        }
    }
}
