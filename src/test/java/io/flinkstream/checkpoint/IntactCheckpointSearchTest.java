package io.flinkstream.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search for the newest intact checkpoint over a file system store whose files a test damages. */
class IntactCheckpointSearchTest {
    @TempDir
    Path dir;

    private FileSystemSnapshotStore storeWithCheckpoints(long... ids) throws IOException {
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(dir);
        for (long id : ids) {
            StateHandle keyed = store.write(id, "v1-s0", "keyed", ("keyed state of " + id).repeat(100)
                    .getBytes(StandardCharsets.UTF_8));
            StateHandle source = store.write(id, "v0-s0", "source", ("splits of " + id).getBytes(StandardCharsets.UTF_8));
            store.writeMetadata(new CheckpointMetadata("job", id, id, Map.of("v0-s0", List.of(source),
                    "v1-s0", List.of(keyed))));
        }
        return store;
    }

    private IntactCheckpointSearch.Result search(FileSystemSnapshotStore store, Set<Long> known) throws IOException {
        return IntactCheckpointSearch.newestIntact(store.completedCheckpointIds(), known,
                id -> IntactCheckpointSearch.verify(store, id));
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void when_a_blob_of_the_newest_is_damaged_then_the_search_falls_back_naming_the_file(Damage damage)
            throws IOException {
        // Given
        FileSystemSnapshotStore store = storeWithCheckpoints(1, 2, 3);
        Path keyed = dir.resolve("chk-3").resolve("v1-s0.keyed");
        damage.applyTo(keyed);

        // When
        IntactCheckpointSearch.Result found = search(store, Set.of());

        // Then
        assertEquals(2, found.chosen().checkpointId());
        assertEquals(1, found.damaged().size());
        assertEquals(3, found.damaged().get(0).checkpointId());
        assertEquals(keyed.toString(), found.damaged().get(0).location());
    }

    @ParameterizedTest
    @EnumSource(value = Damage.class, names = {"FLIP_BYTE", "TRUNCATE"})
    void when_the_metadata_of_the_newest_is_damaged_then_the_search_falls_back_naming_it(Damage damage)
            throws IOException {
        // Given
        FileSystemSnapshotStore store = storeWithCheckpoints(1, 2);
        Path metadata = dir.resolve("chk-2").resolve(SnapshotStore.METADATA_NAME);
        damage.applyTo(metadata);

        // When
        IntactCheckpointSearch.Result found = search(store, Set.of());

        // Then
        assertEquals(1, found.chosen().checkpointId());
        assertEquals(metadata.toString(), found.damaged().get(0).location());
    }

    @Test
    void when_every_checkpoint_is_damaged_then_none_is_chosen_and_each_is_named() throws IOException {
        // Given
        FileSystemSnapshotStore store = storeWithCheckpoints(1, 2);
        Damage.DELETE.applyTo(dir.resolve("chk-1").resolve("v0-s0.source"));
        Damage.FLIP_BYTE.applyTo(dir.resolve("chk-2").resolve("v1-s0.keyed"));

        // When
        IntactCheckpointSearch.Result found = search(store, Set.of());

        // Then
        assertNull(found.chosen());
        String described = found.describeDamaged();
        assertTrue(described.contains("checkpoint 2 (" + dir.resolve("chk-2").resolve("v1-s0.keyed")), described);
        assertTrue(described.contains("checkpoint 1 (" + dir.resolve("chk-1").resolve("v0-s0.source")), described);
        assertTrue(described.contains("does not exist"), described);
        assertTrue(described.contains("CRC-32C"), described);
    }

    @Test
    void when_a_checkpoint_is_known_damaged_then_it_is_not_read_again() throws IOException {
        // Given
        FileSystemSnapshotStore store = storeWithCheckpoints(1, 2);
        AtomicInteger verified = new AtomicInteger();

        // When
        IntactCheckpointSearch.Result found = IntactCheckpointSearch.newestIntact(store.completedCheckpointIds(),
                Set.of(2L), id -> {
                    verified.incrementAndGet();
                    return IntactCheckpointSearch.verify(store, id);
                });

        // Then
        assertEquals(1, found.chosen().checkpointId());
        assertEquals(1, verified.get());
        assertTrue(found.damaged().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void when_a_file_store_verifies_a_damaged_blob_then_it_names_the_file(Damage damage) throws IOException {
        // Given
        FileSystemSnapshotStore store = storeWithCheckpoints(1);
        StateHandle handle = store.readMetadata(1).taskStates().get("v1-s0").get(0);
        Path file = dir.resolve("chk-1").resolve("v1-s0.keyed");
        damage.applyTo(file);

        // When
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class, () -> store.verify(handle));

        // Then
        assertEquals(file.toString(), e.location());
    }
}
