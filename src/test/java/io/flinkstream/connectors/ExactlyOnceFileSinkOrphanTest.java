package io.flinkstream.connectors;

import io.flinkstream.api.FakeRuntimeContext;
import io.flinkstream.api.OperatorStateHarness;
import io.flinkstream.api.SinkFunction;
import io.flinkstream.state.HeapOperatorStateStore;
import io.flinkstream.state.OperatorStateSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exactly-once file sink driven directly, one subtask attempt at a time, to check what a restart leaves in the
 * directory: in-progress files no checkpoint refers to are removed, everything else stays.
 */
class ExactlyOnceFileSinkOrphanTest {
    private static final SinkFunction.Context NO_TIMESTAMP = () -> null;

    @TempDir
    Path output;

    @Test
    void given_checkpoints_that_never_completed_when_restored_from_the_completed_one_then_their_files_are_removed()
            throws Exception {
        // Given checkpoint 1 complete, then checkpoints 2 and 3 taken (each pre-committing a file) but never complete
        SinkAttempt first = SinkAttempt.start(output, 0, 0, null);
        first.write("a");
        OperatorStateSnapshot checkpoint1 = first.checkpoint(1);
        first.complete(1);
        first.write("b");
        first.checkpoint(2);
        first.write("c");
        first.checkpoint(3);
        assertEquals(2, inProgressFiles().size(), "checkpoints 2 and 3 pre-committed a file each");

        // When the subtask dies without closing and the job restarts from checkpoint 1
        SinkAttempt restored = SinkAttempt.start(output, 0, 1, checkpoint1);

        // Then no in-progress file is left: checkpoint 2's by the abort of the restored open transaction, checkpoint
        // 3's by the cleanup
        assertEquals(List.of(), inProgressFiles());
        assertEquals(List.of(List.of("a")), committedContents());

        // When the replayed records go into the new open transaction and the next checkpoint completes
        restored.write("b", "c");
        restored.checkpoint(2);
        restored.complete(2);

        // Then every record is committed exactly once, and the numbering continues after the restored transactions
        assertEquals(List.of(List.of("a"), List.of("b", "c")), committedContents());
        assertTrue(committedFiles().get(1).getFileName().toString().startsWith("part-0-2-"),
                committedFiles().toString());
        assertEquals(List.of(), inProgressFiles());
    }

    @Test
    void given_files_of_other_subtasks_when_a_subtask_is_restored_then_only_its_own_orphans_are_removed()
            throws Exception {
        // Given subtasks 1, 10 and 11 each with a completed checkpoint 1 and an orphan pre-committed for checkpoint 3
        OperatorStateSnapshot checkpointOfSubtask1 = null;
        for (int subtask : new int[] {1, 10, 11}) {
            SinkAttempt attempt = SinkAttempt.start(output, subtask, 0, null);
            attempt.write("a" + subtask);
            OperatorStateSnapshot checkpoint1 = attempt.checkpoint(1);
            attempt.complete(1);
            attempt.checkpoint(2);
            attempt.write("c" + subtask);
            attempt.checkpoint(3);
            if (subtask == 1) {
                checkpointOfSubtask1 = checkpoint1;
            }
        }
        List<Path> othersBefore = inProgressFiles().stream()
                .filter(f -> !f.getFileName().toString().startsWith("1-")).toList();
        assertEquals(2, othersBefore.size(), inProgressFiles().toString());

        // When only subtask 1 is restored from its checkpoint 1
        SinkAttempt.start(output, 1, 1, checkpointOfSubtask1);

        // Then subtask 1's orphan is gone; those of subtasks 10 and 11 and every committed file are untouched
        assertEquals(othersBefore, inProgressFiles());
        for (Path other : othersBefore) {
            String subtask = other.getFileName().toString().split("-")[0];
            assertEquals(List.of("c" + subtask), Files.readAllLines(other));
        }
        assertEquals(List.of(List.of("a1"), List.of("a10"), List.of("a11")), committedContents());
    }

    @Test
    void given_a_failure_before_any_checkpoint_completed_when_the_subtask_restarts_then_the_orphans_are_removed()
            throws Exception {
        // Given attempt 0 pre-committed a file for checkpoint 1, which never completed
        SinkAttempt first = SinkAttempt.start(output, 0, 0, null);
        first.write("a");
        first.checkpoint(1);
        assertEquals(1, inProgressFiles().size());

        // When the job restarts from scratch: nothing to restore, attempt 1
        SinkAttempt second = SinkAttempt.start(output, 0, 1, null);

        // Then the file is gone and the new attempt writes and commits normally
        assertEquals(List.of(), inProgressFiles());
        second.write("a");
        second.checkpoint(1);
        second.complete(1);
        assertEquals(List.of(List.of("a")), committedContents());
    }

    @Test
    void given_an_earlier_runs_retained_checkpoint_when_a_job_starts_fresh_then_its_pending_file_stays_committable()
            throws Exception {
        // Given an earlier run whose checkpoint 1 (retained) holds a pending transaction it never committed
        SinkAttempt earlier = SinkAttempt.start(output, 0, 0, null);
        earlier.write("a");
        OperatorStateSnapshot retained = earlier.checkpoint(1);

        // When a job starts fresh in the same directory (attempt 0, not restored)
        SinkAttempt.start(output, 0, 0, null);

        // Then the file is left: a restore from the retained checkpoint still commits it
        assertEquals(1, inProgressFiles().size());
        SinkAttempt.start(output, 0, 0, retained);
        assertEquals(List.of(List.of("a")), committedContents());
        assertEquals(List.of(), inProgressFiles());
    }

    private List<Path> inProgressFiles() throws IOException {
        Path dir = output.resolve(ExactlyOnceFileSink.IN_PROGRESS_DIR);
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private List<Path> committedFiles() throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
        }
    }

    /** The lines of each committed file, in file-name order (subtask, then sequence). */
    private List<List<String>> committedContents() throws IOException {
        List<List<String>> contents = new ArrayList<>();
        for (Path file : committedFiles()) {
            contents.add(Files.readAllLines(file));
        }
        return contents;
    }

    /** One attempt of one sink subtask with its operator state, driven as the runtime would. */
    private record SinkAttempt(ExactlyOnceFileSink<String> sink, HeapOperatorStateStore store) {

        /** Sets up and initializes the subtask: restored from {@code restored}, or fresh when it is null. */
        static SinkAttempt start(Path output, int subtask, int attempt, OperatorStateSnapshot restored)
                throws Exception {
            ExactlyOnceFileSink<String> sink = new ExactlyOnceFileSink<>(output.toString());
            sink.setRuntimeContext(new FakeRuntimeContext(subtask, 12, attempt, true));
            HeapOperatorStateStore store = OperatorStateHarness.initialize(sink, restored);
            return new SinkAttempt(sink, store);
        }

        void write(String... records) throws Exception {
            for (String record : records) {
                sink.invoke(record, NO_TIMESTAMP);
            }
        }

        /** Takes checkpoint {@code id} and returns what it stores, serialized and read back as a restore would. */
        OperatorStateSnapshot checkpoint(long id) throws Exception {
            sink.snapshotState(() -> id);
            return OperatorStateHarness.roundTrip(store);
        }

        void complete(long id) throws Exception {
            sink.notifyCheckpointComplete(id);
        }
    }
}
