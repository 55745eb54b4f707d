package io.flinkstream.cli;

import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.Collector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W3's instruments: a keyed count that fails once after a given number of records in the first attempt, notes
 * when the failure happened and when the first record was processed after the restore, and checks the final counts.
 * Static fields, because the benchmark runs in one JVM and the function copies of every attempt report here.
 */
final class RecoveryProbe {
    private static final AtomicLong PROCESSED = new AtomicLong();
    private static final AtomicLong FAILED_AT = new AtomicLong();
    private static final AtomicLong RECOVERED_AT = new AtomicLong();
    private static final AtomicLong OVERCOUNTED = new AtomicLong();
    private static final Set<Long> COMPLETE_KEYS = ConcurrentHashMap.newKeySet();
    private static volatile long failAfter;
    private static volatile boolean checkpointCompleted;

    private RecoveryProbe() {
    }

    static void reset(long failAfterRecords) {
        PROCESSED.set(0);
        FAILED_AT.set(0);
        RECOVERED_AT.set(0);
        OVERCOUNTED.set(0);
        COMPLETE_KEYS.clear();
        failAfter = failAfterRecords;
        checkpointCompleted = false;
    }

    /** The recovery time and the exactly-once verdict: every key reached its count, none went past it. */
    static String detail(long records, long keys) {
        if (FAILED_AT.get() == 0) {
            return "no failure injected: the job ended before a checkpoint completed (use more --records)";
        }
        double recoveryMillis = (RECOVERED_AT.get() - FAILED_AT.get()) / 1e6;
        boolean exact = COMPLETE_KEYS.size() == keys && OVERCOUNTED.get() == 0;
        return String.format("failed-after=%,d  recovery=%.0f ms (restore from a checkpoint included)  exactly-once=%s (%,d of %,d keys complete, %,d over-counts)",
                PROCESSED.get(), recoveryMillis, exact ? "OK" : "BROKEN", COMPLETE_KEYS.size(), keys, OVERCOUNTED.get());
    }

    /**
     * Counts per key; in attempt 0 fails once {@code failAfter} records were processed and a checkpoint has
     * completed, so the restart restores state from it rather than starting empty.
     */
    static final class CountFailingOnce extends KeyedProcessFunction<Long, Long, Long> implements CheckpointListener {
        private final long expectedCount;
        private transient ValueState<Long> count;
        private transient boolean firstAfterRestore;

        CountFailingOnce(long expectedCount) {
            this.expectedCount = expectedCount;
        }

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
            firstAfterRestore = getRuntimeContext().getTaskInfo().getAttemptNumber() > 0;
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            if (firstAfterRestore) {
                firstAfterRestore = false;
                RECOVERED_AT.compareAndSet(0, System.nanoTime());
            } else if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && PROCESSED.incrementAndGet() >= failAfter && checkpointCompleted
                    && FAILED_AT.compareAndSet(0, System.nanoTime())) {
                throw new IllegalStateException("W3: injected failure after " + PROCESSED.get() + " records");
            }
            Long current = count.value();
            long next = current == null ? 1 : current + 1;
            count.update(next);
            if (next == expectedCount) {
                COMPLETE_KEYS.add(ctx.getCurrentKey());
            } else if (next > expectedCount) {
                OVERCOUNTED.incrementAndGet();
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }
    }
}
