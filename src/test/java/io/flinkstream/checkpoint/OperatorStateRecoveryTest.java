package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operator state of a user function survives a restart: a per-subtask count ends exact. */
class OperatorStateRecoveryTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 2_000_000;

    /** Per job run and subtask, by attempt: the count at close and whether the attempt was restored. */
    private static final Map<String, Map<Integer, Outcome>> OUTCOMES = new ConcurrentHashMap<>();

    /** Runs in which attempt 0 failed after a checkpoint had completed (not at the last-record fallback). */
    private static final Set<String> FAILED_AFTER_A_CHECKPOINT = ConcurrentHashMap.newKeySet();

    private record Outcome(long count, boolean restored) {
    }

    @Test
    void given_a_count_in_operator_list_state_when_the_job_restarts_then_the_final_count_is_exact() throws Exception {
        // Given a counting map that fails in attempt 0 after a checkpoint completed
        String run = "count-" + System.nanoTime();
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        CollectSink<Long> sink = newSink();
        env.fromSequence(0, RECORDS - 1)
                .map(new CountingMap(run, RECORDS / 2 / 3, RECORDS / 2)).name("counting map")
                .addSink(sink);

        // When
        env.execute("operator state recovery");

        // Then every record was seen (some twice, before and after the restart) ...
        assertEquals(RECORDS, new HashSet<>(sink.results()).size());
        // ... and the counts of the last attempt add up to exactly the records. When attempt 0 failed after a
        // completed checkpoint (the usual case; on a very fast run it fails at its last record instead), the last
        // attempt was restored from a checkpoint rather than started fresh.
        long total = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            Map<Integer, Outcome> attempts = OUTCOMES.get(run + "/" + subtask);
            int last = attempts.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
            assertTrue(last > 0, "subtask " + subtask + " restarted");
            Outcome outcome = attempts.get(last);
            if (FAILED_AFTER_A_CHECKPOINT.contains(run)) {
                assertTrue(outcome.restored(), "subtask " + subtask + " was restored");
            }
            assertFalse(attempts.get(0).restored(), "the first attempt starts fresh");
            total += outcome.count();
        }
        assertEquals(RECORDS, total);
    }

    /**
     * Counts its records in operator list state; in attempt 0 fails once it has counted {@code failAfter} records
     * and a checkpoint has completed since it started, or at its last record ({@code rangeSize}) at the latest.
     */
    static final class CountingMap extends RichMapFunction<Long, Long>
            implements CheckpointedFunction, CheckpointListener {
        private final String run;
        private final long failAfter;
        private final long rangeSize;
        private transient ListState<Long> stored;
        private transient long count;
        private transient boolean restored;
        private transient boolean checkpointCompleted;

        CountingMap(String run, long failAfter, long rangeSize) {
            this.run = run;
            this.failAfter = failAfter;
            this.rangeSize = rangeSize;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            stored = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Long.class));
            restored = context.isRestored();
            for (Long c : stored.get()) {
                count += c;
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            stored.update(List.of(count));
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }

        @Override
        public Long map(Long value) {
            count++;
            boolean afterCheckpoint = checkpointCompleted && count >= failAfter;
            boolean failNow = afterCheckpoint || value % rangeSize == rangeSize - 1;
            if (failNow && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                if (afterCheckpoint) {
                    FAILED_AFTER_A_CHECKPOINT.add(run);
                }
                throw new IllegalStateException("injected failure after " + count + " records");
            }
            return value;
        }

        @Override
        public void close() {
            OUTCOMES.computeIfAbsent(run + "/" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                    k -> new ConcurrentHashMap<>())
                    .put(getRuntimeContext().getTaskInfo().getAttemptNumber(),
                            new Outcome(count, restored));
        }
    }
}
