package io.flinkstream.api;

import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.state.HeapKeyedStateBackend;
import io.flinkstream.state.KeyedStateBackend;
import io.flinkstream.state.KeyedStateBackendParameters;

import java.io.IOException;
import java.io.Serializable;

/**
 * Where a job's checkpoints go: {@link MemoryStateBackend} (the coordinator's heap) or {@link FsStateBackend} (a
 * directory). A backend is a small serializable description; the coordinator asks it for the job's
 * {@link SnapshotStore} when the job starts. To keep checkpoints somewhere else, implement this interface with your
 * own {@link SnapshotStore} (see {@code docs/snapshot-store.md}).
 *
 * <pre>{@code
 * env.setStateBackend(new FsStateBackend("/mnt/checkpoints"));
 * }</pre>
 */
public interface StateBackend extends Serializable {

    /**
     * Opens the store for one job's checkpoints. Called once per job (not per restart) by the coordinator.
     *
     * @param jobId the job's id; file-based stores keep each job in its own sub-directory
     * @throws IOException if the store cannot be opened
     */
    SnapshotStore createSnapshotStore(String jobId) throws IOException;

    /**
     * Creates the keyed state of one subtask of a keyed operator. The built-in backends keep it on the heap; a
     * backend keeping it elsewhere (RocksDB) overrides this, and nothing else in the runtime changes.
     */
    default KeyedStateBackend createKeyedStateBackend(KeyedStateBackendParameters parameters) {
        return new HeapKeyedStateBackend(parameters);
    }
}
