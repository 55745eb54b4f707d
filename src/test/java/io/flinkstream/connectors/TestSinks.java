package io.flinkstream.connectors;

import io.flinkstream.api.SinkFunction;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reusable user sinks for tests. Every subtask runs its own copy, so shared observations live in static maps keyed
 * by a per-instance id.
 */
public final class TestSinks {
    private TestSinks() {
    }

    /** The lines an {@link ExactlyOnceFileSink} committed in {@code dir} (its {@code part-} files), sorted. */
    public static java.util.List<String> committedLines(java.nio.file.Path dir) throws java.io.IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path part : files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .toList()) {
                lines.addAll(java.nio.file.Files.readAllLines(part));
            }
        }
        java.util.Collections.sort(lines);
        return lines;
    }

    /**
     * Opens a latch once it has received {@code expected} records, so a test can wait until a job is really
     * processing records (the wait's time limit only guards against a hang; it is not what the test checks).
     */
    public static final class LatchSink<T> implements SinkFunction<T> {
        private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
        private final String id = UUID.randomUUID().toString();

        public LatchSink(int expected) {
            LATCHES.put(id, new CountDownLatch(expected));
        }

        @Override
        public void invoke(T value, Context context) {
            LATCHES.get(id).countDown();
        }

        /** Waits until the expected number of records arrived; false if the guard time ran out first. */
        public boolean await() throws InterruptedException {
            return LATCHES.get(id).await(60, TimeUnit.SECONDS);
        }
    }

    /** Throws {@code IllegalStateException("sink broke at N")} when it receives the record {@code failAt}. */
    public static final class FailingSink<T> implements SinkFunction<T> {
        private final T failAt;

        public FailingSink(T failAt) {
            this.failAt = failAt;
        }

        @Override
        public void invoke(T value, Context context) {
            if (failAt.equals(value)) {
                throw new IllegalStateException("sink broke at " + value);
            }
        }
    }

    /** Parks the subtask's thread for a while per record, then hands the record to {@code delegate}. */
    public static final class SlowSink<T> implements SinkFunction<T> {
        private final SinkFunction<T> delegate;
        private final long nanosPerRecord;

        public SlowSink(SinkFunction<T> delegate, long nanosPerRecord) {
            this.delegate = delegate;
            this.nanosPerRecord = nanosPerRecord;
        }

        @Override
        public void invoke(T value, Context context) throws Exception {
            LockSupport.parkNanos(nanosPerRecord);
            delegate.invoke(value, context);
        }
    }
}
