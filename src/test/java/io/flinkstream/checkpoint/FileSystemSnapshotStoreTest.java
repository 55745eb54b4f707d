package io.flinkstream.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSnapshotStoreTest extends SnapshotStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected SnapshotStore createStore() {
        return new FileSystemSnapshotStore(dir.resolve("job1"));
    }

    @Override
    protected java.util.Set<Long> checkpointsHeld() throws IOException {
        if (!Files.isDirectory(jobDir())) {
            return java.util.Set.of();
        }
        try (Stream<Path> children = Files.list(jobDir())) {
            return children.map(p -> p.getFileName().toString())
                    .map(name -> name.startsWith("chk-") ? Long.parseLong(name.substring(4)) : -1L)
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Override
    protected void stallWritesWith(Runnable stall) {
        ((FileSystemSnapshotStore) store).beforeLanding = stall;
    }

    private Path jobDir() {
        return dir.resolve("job1");
    }

    private static void flipByte(Path file, int index) throws IOException {
        byte[] content = Files.readAllBytes(file);
        content[index] ^= 0x01;
        Files.write(file, content);
    }

    private List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void when_checkpointCompletes_then_theLayoutIsOneDirectoryWithBlobsAndMetadataAndNoTempFiles()
            throws IOException {
        // Given / When
        completeCheckpoint(7);

        // Then
        assertEquals(List.of("_metadata", "v0-s0.offsets", "v1-s0.keyed-state"), filesIn(jobDir().resolve("chk-7")));
        String metadata = Files.readString(jobDir().resolve("chk-7/_metadata"));
        assertTrue(metadata.startsWith("FLINKSTREAM-CHECKPOINT-METADATA version=2 "), metadata);
    }

    @Test
    void when_aStateFileHasAFlippedByte_then_readingItFailsNamingTheFile() throws IOException {
        // Given
        CheckpointMetadata metadata = completeCheckpoint(1);
        Path file = jobDir().resolve("chk-1/v1-s0.keyed-state");
        flipByte(file, 3);

        // When
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> store.read(metadata.taskStates().get("v1-s0").get(0)));

        // Then
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("CRC-32C"), e.getMessage());
        assertEquals(file.toString(), e.location());
    }

    @Test
    void when_theMetadataHasAFlippedByte_then_readingItFailsNamingTheFile() throws IOException {
        // Given
        completeCheckpoint(1);
        Path file = jobDir().resolve("chk-1/_metadata");
        flipByte(file, (int) Files.size(file) - 5);

        // When
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class, () -> store.readMetadata(1));

        // Then
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void when_aStateFileIsMissing_then_readingItIsACorruptCheckpoint() throws IOException {
        // Given
        CheckpointMetadata metadata = completeCheckpoint(1);
        Files.delete(jobDir().resolve("chk-1/v0-s0.offsets"));

        // When / Then
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> store.read(metadata.taskStates().get("v0-s0").get(0)));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void when_aCrashLeftATemporaryMetadataFile_then_theCheckpointDoesNotCount() throws IOException {
        // Given: state written and the metadata's temp file half written, but never renamed
        store.write(3, "v0-s0", "offsets", bytes("x"));
        Files.write(jobDir().resolve("chk-3/._metadata.1234.tmp"), bytes("FLINKSTREAM-CHECKPOINT-METADATA ver"));

        // When / Then
        assertEquals(List.of(), store.completedCheckpointIds());
        assertEquals(Optional.empty(), FileSystemSnapshotStore.resolveLatest(jobDir()));
    }

    @Test
    void when_theRenameFails_then_theTemporaryFileIsRemoved() throws IOException {
        // Given: a non-empty directory sits where the blob's file must go
        Path blocker = jobDir().resolve("chk-1/v0-s0.offsets");
        Files.createDirectories(blocker);
        Files.write(blocker.resolve("inside"), bytes("x"));

        // When
        assertThrows(IOException.class, () -> store.write(1, "v0-s0", "offsets", bytes("state")));

        // Then
        assertEquals(List.of("v0-s0.offsets"), filesIn(jobDir().resolve("chk-1")));
    }

    @Test
    void when_resolvingLatest_then_aJobDirectoryACheckpointDirectoryOrAMetadataFileAllWork() throws IOException {
        // Given
        completeCheckpoint(4);
        completeCheckpoint(12);
        store.write(13, "v0-s0", "offsets", bytes("in progress"));
        Path latest = jobDir().resolve("chk-12/_metadata");

        // When / Then
        assertEquals(Optional.of(latest), FileSystemSnapshotStore.resolveLatest(jobDir()));
        assertEquals(Optional.of(latest), FileSystemSnapshotStore.resolveLatest(jobDir().resolve("chk-12")));
        assertEquals(Optional.of(latest), FileSystemSnapshotStore.resolveLatest(latest));
        assertEquals(12, FileSystemSnapshotStore.readMetadataFile(latest).checkpointId());
        assertEquals(Optional.empty(), FileSystemSnapshotStore.resolveLatest(dir.resolve("nothing-here")));
    }

    @Test
    void when_aCheckpointIsDiscarded_then_itsDirectoryIsDeleted() throws IOException {
        // Given
        completeCheckpoint(1);

        // When
        store.discard(1);

        // Then
        assertFalse(Files.exists(jobDir().resolve("chk-1")));
    }

    @Test
    void when_aHandleIsNotAStoreLocation_then_readRejectsIt() {
        // Given
        StateHandle outside = new StateHandle("../../etc/passwd", 1, 0);

        // When / Then
        assertThrows(IllegalArgumentException.class, () -> store.read(outside));
    }

    @Test
    void when_aNewStoreOpensAnExistingDirectory_then_itSeesTheCompletedCheckpoints() throws IOException {
        // Given
        CheckpointMetadata written = completeCheckpoint(5);
        store.close();

        // When
        store = new FileSystemSnapshotStore(jobDir());

        // Then
        assertEquals(written, store.latest().orElseThrow());
        assertEquals("offsets of 5", new String(store.read(written.taskStates().get("v0-s0").get(0))));
    }
}
