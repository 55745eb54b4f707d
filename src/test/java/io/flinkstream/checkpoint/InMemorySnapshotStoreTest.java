package io.flinkstream.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class InMemorySnapshotStoreTest extends SnapshotStoreContractTest {

    @Override
    protected SnapshotStore createStore() {
        return new InMemorySnapshotStore(1024);
    }

    @Override
    protected java.util.Set<Long> checkpointsHeld() {
        return java.util.Set.copyOf(((InMemorySnapshotStore) store).checkpointIdsHeld());
    }

    @Override
    protected void stallWritesWith(Runnable stall) {
        ((InMemorySnapshotStore) store).beforeLanding = stall;
    }

    @Test
    void when_aCheckpointGrowsPastTheLimit_then_theWriteFailsSayingWhatToDo() throws IOException {
        // Given
        InMemorySnapshotStore small = new InMemorySnapshotStore(100);
        small.write(7, "v0-s0", "a", new byte[60]);

        // When
        IOException e = assertThrows(IOException.class, () -> small.write(7, "v1-s0", "b", new byte[50]));

        // Then
        assertEquals("Checkpoint 7 is 110 bytes, over the memory state backend limit of 100 bytes; use "
                + "FsStateBackend (flinkstream.state.backend = fs) or raise the limit (new "
                + "MemoryStateBackend(maxStateSizeBytes) or flinkstream.state.memory.max-size)", e.getMessage());
        assertEquals(60, small.bytesOf(7));
    }

    @Test
    void when_checkpointsAreSeparate_then_theLimitAppliesToEachAndDiscardFreesIt() throws IOException {
        // Given
        InMemorySnapshotStore small = new InMemorySnapshotStore(100);
        small.write(1, "v0-s0", "a", new byte[100]);

        // When
        small.write(2, "v0-s0", "a", new byte[100]);
        small.discard(1);

        // Then
        assertEquals(0, small.bytesOf(1));
        assertEquals(100, small.bytesOf(2));
    }

    @Test
    void when_aBlobIsReplaced_then_onlyItsNewSizeCounts() throws IOException {
        // Given
        InMemorySnapshotStore small = new InMemorySnapshotStore(100);
        small.write(1, "v0-s0", "a", new byte[80]);

        // When
        small.write(1, "v0-s0", "a", new byte[90]);

        // Then
        assertEquals(90, small.bytesOf(1));
    }

    @Test
    void when_callerReusesItsBuffer_then_theStoredBlobIsUnchanged() throws IOException {
        // Given
        byte[] buffer = bytes("stable");
        StateHandle handle = store.write(1, "v0-s0", "a", buffer);

        // When
        buffer[0] = 'X';

        // Then
        assertEquals("stable", new String(store.read(handle), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void when_limitIsNotPositive_then_theStoreIsRejected() {
        // Given / When / Then
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InMemorySnapshotStore(0));
        assertTrue(e.getMessage().contains("above 0"));
    }
}
