package io.flinkstream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import io.flinkstream.checkpoint.FileSystemSnapshotStore;
import io.flinkstream.checkpoint.InMemorySnapshotStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateBackendsTest {
    @TempDir
    Path dir;

    @Test
    void when_nothingIsConfigured_then_theBackendIsMemoryWithFiveMebibytes() {
        // Given / When
        StateBackend backend = StateBackends.fromConfig(CheckpointingDefaults.with(""));

        // Then
        assertEquals(new MemoryStateBackend(), backend);
        assertEquals(5 * 1024 * 1024, ((MemoryStateBackend) backend).getMaxStateSize());
    }

    @Test
    void when_memoryLimitIsConfigured_then_theStoreEnforcesIt() throws Exception {
        // Given
        StateBackend backend = StateBackends.fromConfig(
                CheckpointingDefaults.with("flinkstream.state.memory.max-size = 1k"));

        // When
        InMemorySnapshotStore store = assertInstanceOf(InMemorySnapshotStore.class, backend.createSnapshotStore("j1"));

        // Then
        assertEquals(1024, store.maxBytesPerCheckpoint());
    }

    @Test
    void when_fsIsConfigured_then_eachJobGetsItsOwnDirectory() throws Exception {
        // Given
        String application = "flinkstream.state { backend = fs, checkpoints-dir = \""
                + dir.toString().replace("\\", "/") + "\" }";

        // When
        StateBackend backend = StateBackends.fromConfig(CheckpointingDefaults.with(application));
        FileSystemSnapshotStore store = assertInstanceOf(FileSystemSnapshotStore.class,
                backend.createSnapshotStore("abc123"));

        // Then
        assertEquals(new FsStateBackend(dir.toString()), backend);
        assertEquals(dir.toAbsolutePath().normalize().resolve("abc123"), store.directory());
    }

    @Test
    void when_aValueIsBad_then_startFailsNamingTheKeyAndWhatIsAllowed() {
        // Given / When / Then: each bad setting, parsed over the defaults, fails with its path and what is allowed
        assertBad("backend = rocksdb", "flinkstream.state.backend", "must be one of memory or fs");
        assertBad("backend = fs", "flinkstream.state.checkpoints-dir", "must be a directory");
        assertBad("{ backend = fs, checkpoints-dir = \"hdfs://nn/ckpt\" }", "flinkstream.state.checkpoints-dir",
                "mount that storage");
        assertBad("memory.max-size = 0", "flinkstream.state.memory.max-size", "must be a size from 1");
        assertBad("memory.max-size = 3GiB", "flinkstream.state.memory.max-size", "must be a size from 1");
    }

    private static void assertBad(String setting, String path, String expected) {
        // When
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class, () -> StateBackends.fromConfig(
                CheckpointingDefaults.with("flinkstream.state " + (setting.startsWith("{") ? setting
                        : "{ " + setting + " }"))));

        // Then
        assertTrue(e.getMessage().contains("'" + path + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void when_fsBackendIsGivenAUriOrABadDirectory_then_onlyLocalPathsAreAccepted() {
        // Given / When / Then
        assertEquals(new FsStateBackend(dir.toString()), new FsStateBackend(dir.toUri().toString()));
        assertThrows(IllegalArgumentException.class, () -> new FsStateBackend(" "));
        assertThrows(IllegalArgumentException.class, () -> new FsStateBackend("s3://bucket/ckpt"));
        assertThrows(IllegalArgumentException.class,
                () -> new FsStateBackend(dir.toString()).createSnapshotStore("../x"));
        assertThrows(IllegalArgumentException.class, () -> new MemoryStateBackend(0));
    }
}
