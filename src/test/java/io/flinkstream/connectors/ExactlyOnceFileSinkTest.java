package io.flinkstream.connectors;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exactly-once file sink end to end: with failures injected, the committed files hold every record exactly
 * once, and only complete files are ever committed.
 */
class ExactlyOnceFileSinkTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 2_000_000;

    @TempDir
    Path output;

    @Test
    void given_a_failure_in_attempt_0_when_the_job_restarts_then_every_number_is_committed_exactly_once()
            throws Exception {
        // Given numbers through a map that fails once per subtask in attempt 0, into the file sink
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        env.fromSequence(0, RECORDS - 1)
                .map(new FailOnceAfterACheckpoint(RECORDS / 2)).name("failing map")
                .addSink(new ExactlyOnceFileSink<>(output.toString()));

        // When
        int failuresBefore = FailOnceAfterACheckpoint.FAILURES.get();
        env.execute("exactly-once files with a failure");

        // Then it did fail and restart, and the output is exact
        assertTrue(FailOnceAfterACheckpoint.FAILURES.get() > failuresBefore, "a failure was injected");
        assertEveryNumberOnce(output);
    }

    @Test
    void given_no_failure_when_the_job_ends_then_every_number_is_committed_exactly_once() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.fromSequence(0, RECORDS - 1).addSink(new ExactlyOnceFileSink<>(output.toString()));

        // When
        env.execute("exactly-once files");

        // Then
        assertEveryNumberOnce(output);
    }

    @Test
    void given_no_checkpointing_when_a_bounded_job_ends_then_its_records_are_committed_at_the_end() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(1);
        env.fromSequence(0, 999).addSink(new ExactlyOnceFileSink<>(output.toString()));

        // When
        env.execute("files without checkpoints");

        // Then one committed file with everything
        assertEquals(1, committedFiles(output).size());
        assertEveryNumberOnce(output, 1000);
    }

    private static void assertEveryNumberOnce(Path dir) throws IOException {
        assertEveryNumberOnce(dir, RECORDS);
    }

    private static void assertEveryNumberOnce(Path dir, long records) throws IOException {
        long[] numbers = new long[(int) records];
        int n = 0;
        for (Path file : committedFiles(dir)) {
            assertTrue(file.getFileName().toString().endsWith(".txt"), file.toString());
            try (Stream<String> lines = Files.lines(file)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    assertTrue(n < records, "more lines than records: duplicates were committed");
                    numbers[n++] = Long.parseLong(line);
                }
            }
        }
        assertEquals(records, n, "committed lines");
        java.util.Arrays.sort(numbers);
        long[] expected = new long[(int) records];
        java.util.Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, numbers);
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".part")),
                    "an in-progress file is visible as output");
        }
    }

    private static List<Path> committedFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
        }
    }

    /**
     * In attempt 0, fails in each subtask (of a sequence split into ranges of {@code rangeSize}) at the first record
     * past a fifth of its range once a checkpoint has completed, and at the last record of its range at the latest,
     * so no subtask can finish in attempt 0 and a completed checkpoint is restored when the timing allows.
     */
    static final class FailOnceAfterACheckpoint extends RichMapFunction<Long, Long> implements CheckpointListener {
        static final AtomicInteger FAILURES = new AtomicInteger();
        private final long rangeSize;
        private transient boolean checkpointCompleted;

        FailOnceAfterACheckpoint(long rangeSize) {
            this.rangeSize = rangeSize;
        }

        @Override
        public Long map(Long value) {
            long offset = value % rangeSize;
            boolean failNow = offset == rangeSize - 1 || (checkpointCompleted && offset >= rangeSize / 5);
            if (failNow && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure at " + value);
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }
    }
}
