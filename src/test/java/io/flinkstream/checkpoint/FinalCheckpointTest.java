package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.connectors.ExactlyOnceFileSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded, checkpointed job ends with a final checkpoint taken after every operator finished; its completion is
 * what commits a two-phase-commit sink's last transaction, so a subtask that finished early can still be rewound
 * when another fails later, and nothing is committed twice.
 */
class FinalCheckpointTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 200_000;

    @TempDir
    Path output;

    @Test
    void given_a_finished_subtask_when_another_fails_afterwards_then_every_number_is_still_committed_once()
            throws Exception {
        // Given two subtasks: subtask 0 reads [0, N/2) and finishes; subtask 1 holds its last record until then and
        // fails on it in attempt 0. Committing subtask 0's last transaction at its finish would write its records
        // after the restored checkpoint twice.
        FailAfterOtherSubtaskFinished.reset();
        GatedSequenceSource source = new GatedSequenceSource(RECORDS, () -> true);
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(20);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        env.fromSource(source, "numbers")
                .map(new FailAfterOtherSubtaskFinished(source, RECORDS - 1)).name("fails after the other finished")
                .addSink(new ExactlyOnceFileSink<>(output.toString()));

        // When
        try {
            env.execute("final checkpoint with a late failure");
        } finally {
            source.forget();
        }

        // Then subtask 0 had finished when subtask 1 failed, and the committed output is exact
        assertTrue(FailAfterOtherSubtaskFinished.SAW_FINISHED_BEFORE_FAILING.get(),
                "subtask 1 failed after subtask 0 had finished");
        assertEquals(1, FailAfterOtherSubtaskFinished.FAILURES.get(), "failures injected");
        assertEveryNumberOnce(output, RECORDS);
    }

    @Test
    void given_a_long_checkpoint_interval_when_a_bounded_job_ends_then_a_final_checkpoint_commits_at_once()
            throws Exception {
        // Given an interval far longer than the job
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(Duration.ofHours(1).toMillis());
        env.fromSequence(0, RECORDS - 1).addSink(new ExactlyOnceFileSink<>(output.toString()));

        // When
        long start = System.nanoTime();
        JobExecutionResult result = env.execute("final checkpoint only");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // Then one checkpoint was taken, at the end, and it committed everything well before the interval
        List<CheckpointStats> completed = result.metrics().checkpoints().stream()
                .filter(c -> c.status() == CheckpointStats.Status.COMPLETED).toList();
        assertEquals(1, completed.size(), "completed checkpoints: " + result.metrics().checkpoints());
        assertTrue(took.compareTo(Duration.ofMinutes(1)) < 0, "the job took " + took);
        assertEveryNumberOnce(output, RECORDS);
    }

    private static void assertEveryNumberOnce(Path dir, long records) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.forEach(line -> numbers.add(Long.parseLong(line)));
                }
            }
        }
        assertEquals(records, numbers.size(), "committed lines (more means duplicates, fewer means loss)");
        assertEquals(records, numbers.stream().distinct().count(), "distinct committed numbers");
        assertTrue(numbers.stream().allMatch(n -> n >= 0 && n < records), "only numbers of the input");
    }

    /**
     * In attempt 0, subtask 1 waits on {@code failAt} (its last record) until a reader of {@code source} has ended —
     * subtask 0's, whose chain runs its operators' {@code finish()} in the same step — at most 20 s, then fails. A
     * harness only: operators must not block.
     */
    static final class FailAfterOtherSubtaskFinished extends RichMapFunction<Long, Long> {
        static final AtomicBoolean SAW_FINISHED_BEFORE_FAILING = new AtomicBoolean();
        static final AtomicInteger FAILURES = new AtomicInteger();
        private final GatedSequenceSource source;
        private final long failAt;

        FailAfterOtherSubtaskFinished(GatedSequenceSource source, long failAt) {
            this.source = source;
            this.failAt = failAt;
        }

        static void reset() {
            SAW_FINISHED_BEFORE_FAILING.set(false);
            FAILURES.set(0);
        }

        @Override
        public Long map(Long value) {
            if (value == failAt && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                long deadline = System.currentTimeMillis() + 20_000;
                while (source.endedReaders() == 0 && System.currentTimeMillis() < deadline) {
                    Thread.onSpinWait();
                }
                SAW_FINISHED_BEFORE_FAILING.set(source.endedReaders() > 0);
                FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure at " + value + " after the other subtask finished");
            }
            return value;
        }
    }
}
