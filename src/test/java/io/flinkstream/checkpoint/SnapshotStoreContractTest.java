package io.flinkstream.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SnapshotStore} must have, run against each built-in store by its subclass. The test of
 * a new store should subclass it too, so that it is held to the same contract.
 */
abstract class SnapshotStoreContractTest {
    protected SnapshotStore store;

    /** A new, empty store. */
    protected abstract SnapshotStore createStore() throws IOException;

    /** The ids of the checkpoints the store holds anything of (a blob, metadata, a directory), complete or not. */
    protected abstract Set<Long> checkpointsHeld() throws IOException;

    /** Makes every later blob write run {@code stall} after it was admitted and before its bytes land. */
    protected abstract void stallWritesWith(Runnable stall);

    @BeforeEach
    void openStore() throws IOException {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes one blob per task and the metadata: a completed checkpoint. */
    protected CheckpointMetadata completeCheckpoint(long id) throws IOException {
        StateHandle a = store.write(id, "v0-s0", "offsets", bytes("offsets of " + id));
        StateHandle b = store.write(id, "v1-s0", "keyed-state", bytes("keyed state of " + id));
        CheckpointMetadata metadata = new CheckpointMetadata("job1", id, 1_000 + id,
                Map.of("v0-s0", List.of(a), "v1-s0", List.of(b)));
        store.writeMetadata(metadata);
        return metadata;
    }

    @Test
    void when_blobIsWrittenAndRead_then_theBytesAndHandleRoundTrip() throws IOException {
        // Given
        byte[] data = bytes("some state");

        // When
        StateHandle handle = store.write(3, "v1-s2", "keyed-state", data);
        byte[] read = store.read(handle);

        // Then
        assertArrayEquals(data, read);
        assertEquals("chk-3/v1-s2.keyed-state", handle.location());
        assertEquals(data.length, handle.size());
        assertEquals(StateHandle.checksumOf(data), handle.checksum());
    }

    @Test
    void when_metadataIsWritten_then_theCheckpointIsCompleteAndReadsBack() throws IOException {
        // Given / When
        CheckpointMetadata written = completeCheckpoint(1);

        // Then
        assertEquals(written, store.readMetadata(1));
        assertEquals(List.of(1L), store.completedCheckpointIds());
        assertEquals(Optional.of(written), store.latest());
    }

    @Test
    void when_blobsHaveNoMetadata_then_theCheckpointIsNotComplete() throws IOException {
        // Given: a crash after the tasks wrote their state, before the metadata
        completeCheckpoint(1);
        store.write(2, "v0-s0", "offsets", bytes("orphan"));

        // When / Then
        assertEquals(List.of(1L), store.completedCheckpointIds());
        assertEquals(1, store.latest().orElseThrow().checkpointId());
        assertThrows(FileNotFoundException.class, () -> store.readMetadata(2));
    }

    @Test
    void when_severalCheckpointsComplete_then_theyAreListedNewestFirst() throws IOException {
        // Given
        completeCheckpoint(9);
        completeCheckpoint(10);
        completeCheckpoint(2);

        // When / Then: numeric, not lexical, order
        assertEquals(List.of(10L, 9L, 2L), store.completedCheckpointIds());
        assertEquals(10, store.latest().orElseThrow().checkpointId());
    }

    @Test
    void when_storeIsEmpty_then_thereIsNoLatestCheckpoint() throws IOException {
        // Given an empty store / When / Then
        assertEquals(List.of(), store.completedCheckpointIds());
        assertEquals(Optional.empty(), store.latest());
    }

    @Test
    void when_handleChecksumDoesNotMatch_then_readFailsNamingTheBlob() throws IOException {
        // Given
        StateHandle real = store.write(1, "v0-s0", "offsets", bytes("abc"));
        StateHandle wrong = new StateHandle(real.location(), real.size(), (real.checksum() + 1) & 0xFFFF_FFFFL);

        // When
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class, () -> store.read(wrong));

        // Then
        assertTrue(e.getMessage().contains("chk-1"), e.getMessage());
        assertTrue(e.getMessage().contains("earlier retained checkpoint"), e.getMessage());
    }

    @Test
    void when_checkpointIsDiscarded_then_itsMetadataAndBlobsAreGone() throws IOException {
        // Given
        completeCheckpoint(1);
        CheckpointMetadata two = completeCheckpoint(2);

        // When
        store.discard(2);
        store.discard(2);
        store.discard(77);

        // Then
        assertEquals(List.of(1L), store.completedCheckpointIds());
        assertThrows(CorruptSnapshotException.class, () -> store.read(two.allHandles().get(0)));
        assertEquals(1, store.latest().orElseThrow().checkpointId());
    }

    @Test
    void when_metadataRefersToAMissingBlob_then_theCheckpointIsNotCompleted() throws IOException {
        // Given
        StateHandle ghost = new StateHandle("chk-4/v0-s0.nothing", 3, 0);

        // When / Then
        assertThrows(IOException.class, () -> store.writeMetadata(
                new CheckpointMetadata("job1", 4, 1, Map.of("v0-s0", List.of(ghost)))));
        assertEquals(List.of(), store.completedCheckpointIds());
    }

    @Test
    void when_metadataIsWrittenTwice_then_theSecondWriteIsRejected() throws IOException {
        // Given
        CheckpointMetadata metadata = completeCheckpoint(1);

        // When / Then
        assertThrows(IllegalStateException.class, () -> store.writeMetadata(metadata));
    }

    @Test
    void when_namesBreakTheRules_then_writesAreRejected() {
        // Given / When / Then: separators, dots in task keys, hidden or empty names
        assertThrows(IllegalArgumentException.class, () -> store.write(1, "v0/s0", "x", bytes("a")));
        assertThrows(IllegalArgumentException.class, () -> store.write(1, "v0.s0", "x", bytes("a")));
        assertThrows(IllegalArgumentException.class, () -> store.write(1, "v0-s0", "../x", bytes("a")));
        assertThrows(IllegalArgumentException.class, () -> store.write(1, "v0-s0", ".hidden", bytes("a")));
        assertThrows(IllegalArgumentException.class, () -> store.write(1, "", "x", bytes("a")));
    }

    @Test
    void when_aBlobIsWrittenAgain_then_itIsReplaced() throws IOException {
        // Given
        store.write(1, "v0-s0", "offsets", bytes("first"));

        // When
        StateHandle second = store.write(1, "v0-s0", "offsets", bytes("second, longer"));

        // Then
        assertArrayEquals(bytes("second, longer"), store.read(second));
    }

    @Test
    void when_storeIsClosed_then_itCannotBeUsed() throws IOException {
        // Given
        store.close();

        // When / Then
        assertThrows(IllegalStateException.class, () -> store.write(1, "v0-s0", "x", bytes("a")));
    }

    @Test
    void when_aCheckpointWasDiscarded_then_laterWritesForItAreRefusedAndLeaveNothing() throws IOException {
        // Given checkpoint 4 had a blob and was discarded (aborted)
        StateHandle early = store.write(4, "v0-s0", "offsets", bytes("early"));
        store.discard(4);

        // When a late subtask writes another blob of it, and the metadata is written after all
        IOException blob = assertThrows(IOException.class, () -> store.write(4, "v1-s0", "keyed", bytes("late")));
        IOException metadata = assertThrows(IOException.class, () -> store.writeMetadata(
                new CheckpointMetadata("job1", 4, 1_004, Map.of("v0-s0", List.of(early)))));

        // Then both are refused, naming the checkpoint, and nothing of checkpoint 4 is held
        assertTrue(blob.getMessage().contains("checkpoint 4 was discarded"), blob.getMessage());
        assertTrue(metadata.getMessage().contains("checkpoint 4 was discarded"), metadata.getMessage());
        assertEquals(Set.of(), checkpointsHeld());
    }

    @Test
    void given_aWriteStalledBeforeItsBytesLand_when_itsCheckpointIsDiscardedMeanwhile_then_theWriteDeletesItself()
            throws Exception {
        // Given a write of checkpoint 5 admitted and stalled before landing, and a completed checkpoint 6
        completeCheckpoint(6);
        CountDownLatch admitted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        stallWritesWith(() -> {
            admitted.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<StateHandle> write = CompletableFuture.supplyAsync(() -> {
            try {
                return store.write(5, "v1-s0", "keyed", bytes("landing late"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(admitted.await(30, TimeUnit.SECONDS), "the write never started");

        // When checkpoint 5 is discarded while the write stalls, and then the write lands
        store.discard(5);
        stallWritesWith(() -> { });
        release.countDown();

        // Then the write fails, and the store holds checkpoint 6 only
        ExecutionException failed = assertThrows(ExecutionException.class, () -> write.get(30, TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("checkpoint 5 was discarded"),
                failed.getCause().getMessage());
        assertEquals(Set.of(6L), checkpointsHeld());
        assertEquals(List.of(6L), store.completedCheckpointIds());
    }
}
