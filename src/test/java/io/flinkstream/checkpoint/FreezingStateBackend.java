package io.flinkstream.checkpoint;

import io.flinkstream.api.StateBackend;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test state backend around a file system one whose checkpoints a job function can damage on cue, so that the
 * damaged checkpoint is sure to be the newest one when the job recovers: {@link Freezer#freezeAndDamage} first stops
 * checkpoints from completing (metadata writes fail while frozen), then damages one file of the newest completed
 * checkpoint (or of every completed one). The first read after that — the restart's verification — thaws the store.
 *
 * <pre>{@code
 * FreezingStateBackend backend = new FreezingStateBackend(new FsStateBackend(dir));
 * // in a function, on the subtask's thread:
 * long damaged = FreezingStateBackend.freezer(id).freezeAndDamage("keyed", Damage.FLIP_BYTE, false).get(0);
 * }</pre>
 *
 * <p>Serializable and copied into the job graph; every copy finds the same {@link Freezer} by id.
 */
final class FreezingStateBackend implements StateBackend {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Freezer> FREEZERS = new ConcurrentHashMap<>();

    private final StateBackend delegate;
    private final String id = UUID.randomUUID().toString();

    /** @param delegate a backend whose stores are {@link FileSystemSnapshotStore}s */
    FreezingStateBackend(StateBackend delegate) {
        this.delegate = delegate;
        FREEZERS.put(id, new Freezer());
    }

    /** The id by which functions find the freezer. */
    String id() {
        return id;
    }

    /** The freezer of the backend with {@code id}. */
    static Freezer freezer(String id) {
        return FREEZERS.get(id);
    }

    /** Forgets the freezer. */
    void forget() {
        FREEZERS.remove(id);
    }

    @Override
    public SnapshotStore createSnapshotStore(String jobId) throws IOException {
        FileSystemSnapshotStore store = (FileSystemSnapshotStore) delegate.createSnapshotStore(jobId);
        Freezer freezer = FREEZERS.get(id);
        freezer.store = store;
        return new FreezableStore(store, freezer);
    }

    /** Freezes completion and damages files; records what it damaged. Thread-safe. */
    static final class Freezer {
        private volatile FileSystemSnapshotStore store;
        private boolean frozen;
        private final List<Long> damaged = new ArrayList<>();

        /**
         * Stops checkpoints from completing, then damages, in the newest completed checkpoint (or in every completed
         * one when {@code all}), the first file whose extension starts with {@code kind} ({@code "_metadata"} for the
         * metadata).
         *
         * @return the damaged checkpoints' ids, newest first
         */
        synchronized List<Long> freezeAndDamage(String kind, Damage damage, boolean all) throws IOException {
            frozen = true;
            List<Long> ids = store.completedCheckpointIds();
            for (long id : all ? ids : ids.subList(0, 1)) {
                damage.applyTo(fileOf(store.directory().resolve(SnapshotStore.checkpointScope(id)), kind));
                damaged.add(id);
            }
            return List.copyOf(damaged);
        }

        /** The checkpoints damaged so far. */
        synchronized List<Long> damaged() {
            return List.copyOf(damaged);
        }

        /** The directory of the job's checkpoints. */
        Path directory() {
            return store.directory();
        }

        private static Path fileOf(Path checkpointDir, String kind) throws IOException {
            if (kind.equals(SnapshotStore.METADATA_NAME)) {
                return checkpointDir.resolve(kind);
            }
            List<Path> matches = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(checkpointDir, "*." + kind + "*")) {
                files.forEach(matches::add);
            }
            if (matches.isEmpty()) {
                throw new IOException("No file of kind " + kind + " in " + checkpointDir);
            }
            matches.sort(null);
            return matches.get(0);
        }

        private synchronized void checkNotFrozen(long checkpointId) throws IOException {
            if (frozen) {
                throw new IOException("checkpoint " + checkpointId + " cannot complete: the test froze the store");
            }
        }

        private synchronized void thaw() {
            frozen = false;
        }
    }

    private static final class FreezableStore implements SnapshotStore {
        private final SnapshotStore delegate;
        private final Freezer freezer;

        FreezableStore(SnapshotStore delegate, Freezer freezer) {
            this.delegate = delegate;
            this.freezer = freezer;
        }

        @Override
        public StateHandle write(long checkpointId, String taskKey, String name, byte[] data) throws IOException {
            return delegate.write(checkpointId, taskKey, name, data);
        }

        @Override
        public byte[] read(StateHandle handle) throws IOException {
            freezer.thaw();
            return delegate.read(handle);
        }

        @Override
        public void verify(StateHandle handle) throws IOException {
            freezer.thaw();
            delegate.verify(handle);
        }

        @Override
        public String writeMetadata(CheckpointMetadata metadata) throws IOException {
            // Holding the freezer's lock, a completion cannot slip in between the freeze and the damage.
            synchronized (freezer) {
                freezer.checkNotFrozen(metadata.checkpointId());
                return delegate.writeMetadata(metadata);
            }
        }

        @Override
        public CheckpointMetadata readMetadata(long checkpointId) throws IOException {
            freezer.thaw();
            return delegate.readMetadata(checkpointId);
        }

        @Override
        public List<Long> completedCheckpointIds() throws IOException {
            return delegate.completedCheckpointIds();
        }

        @Override
        public void discard(long checkpointId) throws IOException {
            delegate.discard(checkpointId);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
