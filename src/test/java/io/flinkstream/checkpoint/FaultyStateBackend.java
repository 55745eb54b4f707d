package io.flinkstream.checkpoint;

import io.flinkstream.api.StateBackend;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test state backend around a real one whose snapshot store can fail or stall the state writes of chosen
 * checkpoints, and records what the job did with it: completed checkpoints (with when their metadata was written),
 * the first state write of each checkpoint, and whether the store was closed.
 *
 * <pre>{@code
 * FaultyStateBackend backend = FaultyStateBackend.failingWrites(new MemoryStateBackend(), 2, 4);
 * env.setStateBackend(backend);
 * ...
 * assertEquals(Set.of(2L, 3L, 4L), backend.faults().failedWrites());
 * }</pre>
 *
 * <p>The backend is serializable and may be copied into the job graph, so its observations live in a static map
 * keyed by a unique id; every copy finds the same {@link Faults}.
 */
final class FaultyStateBackend implements StateBackend {
    private static final long serialVersionUID = 1L;
    private static final long STALL_HANG_GUARD_SECONDS = 60;
    private static final Map<String, Faults> FAULTS = new ConcurrentHashMap<>();

    /** What the store does to state writes of checkpoints in {@code [fromId, toId]}. */
    enum Kind { NONE, FAIL, STALL, STALL_METADATA }

    private final StateBackend delegate;
    private final String id = UUID.randomUUID().toString();

    private FaultyStateBackend(StateBackend delegate, Kind kind, long fromId, long toId) {
        this.delegate = delegate;
        FAULTS.put(id, new Faults(kind, fromId, toId));
    }

    /** Records only; every write goes through. */
    static FaultyStateBackend recording(StateBackend delegate) {
        return new FaultyStateBackend(delegate, Kind.NONE, 0, -1);
    }

    /** State writes of checkpoints {@code fromId..toId} throw {@link IOException}. */
    static FaultyStateBackend failingWrites(StateBackend delegate, long fromId, long toId) {
        return new FaultyStateBackend(delegate, Kind.FAIL, fromId, toId);
    }

    /**
     * State writes of checkpoints {@code fromId..toId} block until {@link Faults#release()}, then throw
     * {@link IOException} (so a stalled checkpoint never completes and leaves no stray blob).
     */
    static FaultyStateBackend stallingWrites(StateBackend delegate, long fromId, long toId) {
        return new FaultyStateBackend(delegate, Kind.STALL, fromId, toId);
    }

    /**
     * Metadata writes of checkpoints {@code fromId..toId} block until {@link Faults#release()}, then go through: the
     * checkpoint completes in storage late, e.g. after the job was cancelled.
     */
    static FaultyStateBackend stallingMetadata(StateBackend delegate, long fromId, long toId) {
        return new FaultyStateBackend(delegate, Kind.STALL_METADATA, fromId, toId);
    }

    /** What this backend's stores observed, shared by every copy of the backend. */
    Faults faults() {
        return FAULTS.get(id);
    }

    /** Forgets the observations; releases any stalled write. */
    void forget() {
        Faults faults = FAULTS.remove(id);
        if (faults != null) {
            faults.release();
        }
    }

    @Override
    public SnapshotStore createSnapshotStore(String jobId) throws IOException {
        return new FaultySnapshotStore(delegate.createSnapshotStore(jobId), faults());
    }

    /** A completed checkpoint as the store saw it: its metadata was written at {@code nanoTime}. */
    record Completion(long checkpointId, long nanoTime) {
    }

    /** The fault plan of one backend and what its stores observed. Thread-safe. */
    static final class Faults {
        private final Kind kind;
        private final long fromId;
        private final long toId;
        private final CountDownLatch release = new CountDownLatch(1);
        private final Set<Long> failedWrites = new ConcurrentSkipListSet<>();
        private final Set<Long> stalledWrites = new ConcurrentSkipListSet<>();
        private final Set<Long> stalledMetadata = new ConcurrentSkipListSet<>();
        private final Map<Long, Long> firstWriteNanos = new ConcurrentHashMap<>();
        private final List<Completion> completions = new CopyOnWriteArrayList<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile boolean closed;

        private Faults(Kind kind, long fromId, long toId) {
            this.kind = kind;
            this.fromId = fromId;
            this.toId = toId;
        }

        /** Lets stalled writes go on (they then fail). */
        void release() {
            release.countDown();
        }

        /** Checkpoints with at least one state write failed on purpose (stalled writes count once released). */
        Set<Long> failedWrites() {
            return Set.copyOf(failedWrites);
        }

        /** Checkpoints with at least one state write currently or previously stalled. */
        Set<Long> stalledWrites() {
            return Set.copyOf(stalledWrites);
        }

        /** Checkpoints whose metadata write is or was stalled. */
        Set<Long> stalledMetadata() {
            return Set.copyOf(stalledMetadata);
        }

        /** Completed checkpoints, in the order their metadata was written. */
        List<Completion> completions() {
            return List.copyOf(completions);
        }

        /** The ids of the completed checkpoints, in completion order. */
        List<Long> completedIds() {
            return completions.stream().map(Completion::checkpointId).toList();
        }

        /** {@link System#nanoTime()} of the first state write of {@code checkpointId}, or null. */
        Long firstWriteNanos(long checkpointId) {
            return firstWriteNanos.get(checkpointId);
        }

        /** Whether the job master closed the store (after deleting what it was to delete). */
        boolean closed() {
            return closed;
        }

        /**
         * Whether the store is closed and no write, metadata write or discard is running any more: the job has
         * stopped touching its checkpoint directory (operations queued before the close have started by then).
         */
        boolean quiet() {
            return closed && inFlight.get() == 0;
        }

        private boolean targets(long checkpointId) {
            return checkpointId >= fromId && checkpointId <= toId;
        }
    }

    private static final class FaultySnapshotStore implements SnapshotStore {
        private final SnapshotStore delegate;
        private final Faults faults;

        FaultySnapshotStore(SnapshotStore delegate, Faults faults) {
            this.delegate = delegate;
            this.faults = faults;
        }

        @Override
        public StateHandle write(long checkpointId, String taskKey, String name, byte[] data) throws IOException {
            faults.inFlight.incrementAndGet();
            try {
                return writeOrFail(checkpointId, taskKey, name, data);
            } finally {
                faults.inFlight.decrementAndGet();
            }
        }

        private StateHandle writeOrFail(long checkpointId, String taskKey, String name, byte[] data)
                throws IOException {
            faults.firstWriteNanos.putIfAbsent(checkpointId, System.nanoTime());
            if ((faults.kind == Kind.FAIL || faults.kind == Kind.STALL) && faults.targets(checkpointId)) {
                if (faults.kind == Kind.STALL) {
                    faults.stalledWrites.add(checkpointId);
                    awaitRelease(checkpointId);
                }
                faults.failedWrites.add(checkpointId);
                throw new IOException("injected " + faults.kind + " of " + taskKey + "." + name + " in checkpoint "
                        + checkpointId);
            }
            return delegate.write(checkpointId, taskKey, name, data);
        }

        private void awaitRelease(long checkpointId) throws IOException {
            try {
                if (!faults.release.await(STALL_HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("stalled write of checkpoint " + checkpointId
                            + " was never released (hang guard)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stalled", e);
            }
        }

        @Override
        public byte[] read(StateHandle handle) throws IOException {
            return delegate.read(handle);
        }

        @Override
        public String writeMetadata(CheckpointMetadata metadata) throws IOException {
            faults.inFlight.incrementAndGet();
            try {
                if (faults.kind == Kind.STALL_METADATA && faults.targets(metadata.checkpointId())) {
                    faults.stalledMetadata.add(metadata.checkpointId());
                    awaitRelease(metadata.checkpointId());
                }
                String location = delegate.writeMetadata(metadata);
                faults.completions.add(new Completion(metadata.checkpointId(), System.nanoTime()));
                return location;
            } finally {
                faults.inFlight.decrementAndGet();
            }
        }

        @Override
        public CheckpointMetadata readMetadata(long checkpointId) throws IOException {
            return delegate.readMetadata(checkpointId);
        }

        @Override
        public List<Long> completedCheckpointIds() throws IOException {
            return delegate.completedCheckpointIds();
        }

        @Override
        public void discard(long checkpointId) throws IOException {
            faults.inFlight.incrementAndGet();
            try {
                delegate.discard(checkpointId);
            } finally {
                faults.inFlight.decrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            delegate.close();
            faults.closed = true;
        }
    }
}
