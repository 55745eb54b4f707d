package io.flinkstream.api;

import io.flinkstream.state.HeapOperatorStateStore;
import io.flinkstream.state.OperatorStateSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.flinkstream.api.OperatorStateHarness.initialize;
import static io.flinkstream.api.OperatorStateHarness.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Drives the two-phase-commit protocol directly: snapshot, completion, restore, finish and close. */
class TwoPhaseCommitSinkFunctionTest {
    private static final SinkFunction.Context NO_TIMESTAMP = () -> null;

    private final List<String> log = new ArrayList<>();

    @Test
    void when_started_then_a_transaction_is_open_and_records_go_into_it() throws Exception {
        // Given
        RecordingTwoPhaseCommitSink sink = new RecordingTwoPhaseCommitSink(log, 1);

        // When
        initialize(sink, null);
        sink.invoke("a", NO_TIMESTAMP);

        // Then
        assertEquals(List.of("begin 1", "invoke 1 a"), log);
    }

    @Test
    void when_a_checkpoint_is_taken_then_the_open_transaction_is_pre_committed_and_a_new_one_begins()
            throws Exception {
        // Given
        RecordingTwoPhaseCommitSink sink = new RecordingTwoPhaseCommitSink(log, 1);
        initialize(sink, null);
        sink.invoke("a", NO_TIMESTAMP);
        log.clear();

        // When
        sink.snapshotState(() -> 7);
        sink.invoke("b", NO_TIMESTAMP);

        // Then nothing is committed before the checkpoint completes
        assertEquals(List.of("preCommit 1", "begin 2", "invoke 2 b"), log);
    }

    @Test
    void when_a_checkpoint_completes_then_every_pending_transaction_up_to_it_commits_in_order() throws Exception {
        // Given three checkpoints taken, none complete yet
        RecordingTwoPhaseCommitSink sink = new RecordingTwoPhaseCommitSink(log, 1);
        initialize(sink, null);
        sink.invoke("a", NO_TIMESTAMP);
        sink.snapshotState(() -> 1);
        sink.invoke("b", NO_TIMESTAMP);
        sink.snapshotState(() -> 2);
        sink.invoke("c", NO_TIMESTAMP);
        sink.snapshotState(() -> 3);
        log.clear();

        // When checkpoint 2 completes (the notification of 1 was skipped), then 2 again, then 3
        sink.notifyCheckpointComplete(2);
        sink.notifyCheckpointComplete(2);
        sink.notifyCheckpointComplete(3);

        // Then 1 and 2 commit once, oldest first, and 3 after its own checkpoint
        assertEquals(List.of("commit 1 [a]", "commit 2 [b]", "commit 3 [c]"), log);
    }

    @Test
    void when_restored_then_pending_transactions_commit_and_the_open_one_aborts() throws Exception {
        // Given a sink with a pre-committed transaction for checkpoint 5 and an open one, both in the snapshot
        RecordingTwoPhaseCommitSink sink = new RecordingTwoPhaseCommitSink(log, 1);
        HeapOperatorStateStore store = initialize(sink, null);
        sink.invoke("a", NO_TIMESTAMP);
        sink.snapshotState(() -> 5);
        OperatorStateSnapshot checkpoint = roundTrip(store);
        sink.invoke("b", NO_TIMESTAMP);
        log.clear();

        // When the job fails before checkpoint 5's notification and restarts from it
        RecordingTwoPhaseCommitSink restored = new RecordingTwoPhaseCommitSink(log, 100);
        initialize(restored, checkpoint);
        restored.invoke("b", NO_TIMESTAMP);

        // Then the pending transaction is committed, the open one (empty at the checkpoint) aborted, a new one begun
        assertEquals(List.of("recoverAndCommit 1", "commit 1 [a]", "recoverAndAbort 2", "abort 2", "begin 100",
                "invoke 100 b"), log);
    }

    @Test
    void when_restored_twice_from_the_same_checkpoint_then_the_commit_is_repeated_for_idempotent_sinks()
            throws Exception {
        // Given a checkpoint with one pending transaction
        RecordingTwoPhaseCommitSink sink = new RecordingTwoPhaseCommitSink(log, 1);
        HeapOperatorStateStore store = initialize(sink, null);
        sink.invoke("a", NO_TIMESTAMP);
        sink.snapshotState(() -> 1);
        OperatorStateSnapshot checkpoint = roundTrip(store);
        log.clear();

        // When restored twice
        initialize(new RecordingTwoPhaseCommitSink(log, 10), checkpoint);
        initialize(new RecordingTwoPhaseCommitSink(log, 20), checkpoint);

        // Then the commit is asked for each time: commits must be idempotent
        assertEquals(2, log.stream().filter(e -> e.equals("commit 1 [a]")).count());
    }

    @Test
    void when_the_input_ends_without_checkpointing_then_pending_and_open_transactions_commit_at_once()
            throws Exception {
        // Given a job without checkpointing, a pending transaction and records in the open one
        RecordingTwoPhaseCommitSink sink = new RecordingTwoPhaseCommitSink(log, 1);
        sink.setRuntimeContext(new FakeRuntimeContext(false));
        initialize(sink, null);
        sink.invoke("a", NO_TIMESTAMP);
        sink.snapshotState(() -> 1);
        sink.invoke("b", NO_TIMESTAMP);
        log.clear();

        // When the bounded input ends, then the sink closes
        sink.finish();
        sink.close();

        // Then everything is committed in order and nothing aborted
        assertEquals(List.of("preCommit 2", "commit 1 [a]", "commit 2 [b]"), log);
        assertNull(sink.currentTransaction());
    }

    @Test
    void when_the_input_ends_with_checkpointing_then_the_final_checkpoint_pre_commits_and_its_completion_commits()
            throws Exception {
        // Given a checkpointed job, a pending transaction and records in the open one
        RecordingTwoPhaseCommitSink sink = new RecordingTwoPhaseCommitSink(log, 1);
        sink.setRuntimeContext(new FakeRuntimeContext(true));
        initialize(sink, null);
        sink.invoke("a", NO_TIMESTAMP);
        sink.snapshotState(() -> 1);
        sink.invoke("b", NO_TIMESTAMP);
        log.clear();

        // When the bounded input ends: nothing is committed before a checkpoint covers it
        sink.finish();
        assertEquals(List.of(), log);

        // When the final checkpoint is taken: the open transaction is pre-committed and no new one begins
        sink.snapshotState(() -> 2);
        assertEquals(List.of("preCommit 2"), log);
        assertNull(sink.currentTransaction());

        // When it completes and the sink closes: both commit in order and nothing is aborted
        sink.notifyCheckpointComplete(2);
        sink.close();
        assertEquals(List.of("preCommit 2", "commit 1 [a]", "commit 2 [b]"), log);
    }

    @Test
    void when_a_checkpointed_sink_fails_after_finishing_but_before_the_final_checkpoint_then_nothing_commits()
            throws Exception {
        // Given a checkpointed job whose sink has finished
        RecordingTwoPhaseCommitSink sink = new RecordingTwoPhaseCommitSink(log, 1);
        sink.setRuntimeContext(new FakeRuntimeContext(true));
        initialize(sink, null);
        sink.invoke("a", NO_TIMESTAMP);
        sink.finish();
        log.clear();

        // When it is closed by a failure before any checkpoint covered its records
        sink.close();

        // Then the open transaction is aborted: its records are replayed after the restore
        assertEquals(List.of("abort 1"), log);
    }

    @Test
    void when_closed_without_finishing_then_the_open_transaction_aborts_and_pending_ones_stay() throws Exception {
        // Given
        RecordingTwoPhaseCommitSink sink = new RecordingTwoPhaseCommitSink(log, 1);
        initialize(sink, null);
        sink.invoke("a", NO_TIMESTAMP);
        sink.snapshotState(() -> 1);
        sink.invoke("b", NO_TIMESTAMP);
        log.clear();

        // When the subtask fails or is cancelled
        sink.close();

        // Then the open transaction is aborted; the pending one is left for the restore to commit
        assertEquals(List.of("abort 2"), log);
    }
}
