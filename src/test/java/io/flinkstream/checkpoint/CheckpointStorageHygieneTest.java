package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.MemoryStateBackend;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.connectors.DiscardingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a job leaves in its checkpoint directory: after many restarts, with declined, subsumed and aborted
 * checkpoints, exactly the retained checkpoints — each its blobs and its {@code _metadata} — and nothing else; and
 * statistics that stay bounded however many checkpoints a job takes.
 */
class CheckpointStorageHygieneTest extends EmbeddedNodeTestBase {
    private static final long GUARD_SECONDS = 120;

    @TempDir
    Path checkpoints;

    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void forget() {
        cleanups.forEach(Runnable::run);
    }

    @Test
    void given_manyRestartsWithDeclinedAndSubsumedCheckpoints_when_theJobFailsForGood_then_onlyTheRetainedCheckpointsAreLeft()
            throws Exception {
        // Given a keyed job whose every attempt fails at its second completed checkpoint (four attempts, then it
        // fails for good), two checkpoints in flight at once, the state writes of checkpoints 3 and 4 failing
        // (declined), and two checkpoints retained
        FaultyStateBackend backend = FaultyStateBackend.failingWrites(new FsStateBackend(checkpoints.toString()), 3,
                4);
        cleanups.add(backend::forget);
        GatedSequenceSource source = new GatedSequenceSource(1_000_000, () -> false);
        cleanups.add(source::forget);
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setMaxConcurrentCheckpoints(2);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(100);
        env.getCheckpointConfig().setNumRetainedCheckpoints(2);
        env.setStateBackend(backend);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        env.fromSource(source, "gated sequence")
                .map(new FailAtSecondCompletion())
                .keyBy(v -> v % 100)
                .reduce(Long::sum)
                .addSink(new DiscardingSink<>());

        // When it runs until it fails for good
        JobClient job = env.executeAsync("hygiene");
        assertThrows(ExecutionException.class,
                () -> job.getJobExecutionResult().get(GUARD_SECONDS, TimeUnit.SECONDS));
        AbortedCheckpointTest.waitUntilQuiet(backend);

        // Then its directory holds the two newest completed checkpoints, each exactly its metadata and the blobs it
        // names: no declined, subsumed or aborted checkpoint, no late blob, no temporary file
        Path jobDir = checkpoints.resolve(job.getJobID());
        List<Long> completed = backend.faults().completedIds();
        assertTrue(completed.size() >= 8, "completed: " + completed);
        assertEquals(filesOfNewest(jobDir, completed, 2), filesUnder(jobDir));
    }

    @Test
    void given_restartsWithDeclinedCheckpoints_when_theJobFinishes_then_nothingIsLeft() throws Exception {
        // Given a job that fails at the second completed checkpoint of its first two attempts, with declined
        // checkpoints and two in flight at once, and whose input ends once 12 checkpoints completed
        FaultyStateBackend backend = FaultyStateBackend.failingWrites(new FsStateBackend(checkpoints.toString()), 3,
                4);
        cleanups.add(backend::forget);
        GatedSequenceSource source = new GatedSequenceSource(100_000,
                () -> backend.faults().completedIds().size() >= 12);
        cleanups.add(source::forget);
        StreamExecutionEnvironment env = restartingJob(backend, source, 2);

        // When it runs to its end
        JobClient job = env.executeAsync("hygiene, finished");
        job.getJobExecutionResult().get(GUARD_SECONDS, TimeUnit.SECONDS);
        AbortedCheckpointTest.waitUntilQuiet(backend);

        // Then a finished job keeps no checkpoint, and leaves no file behind
        Path jobDir = checkpoints.resolve(job.getJobID());
        assertEquals(Set.of(), Files.exists(jobDir) ? filesUnder(jobDir) : Set.of());
    }

    @Test
    void given_restartsWithDeclinedCheckpoints_when_theJobIsCancelledWithRetention_then_onlyTheRetainedAreLeft()
            throws Exception {
        // Given the same job, retaining its checkpoints on cancellation, and an input that never ends
        FaultyStateBackend backend = FaultyStateBackend.failingWrites(new FsStateBackend(checkpoints.toString()), 3,
                4);
        cleanups.add(backend::forget);
        GatedSequenceSource source = new GatedSequenceSource(100_000, () -> false);
        cleanups.add(source::forget);
        StreamExecutionEnvironment env = restartingJob(backend, source, 2);
        env.getCheckpointConfig().setExternalizedCheckpointRetention(
                io.flinkstream.api.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);

        // When it is cancelled once 12 checkpoints completed
        JobClient job = env.executeAsync("hygiene, cancelled");
        long deadline = System.currentTimeMillis() + GUARD_SECONDS * 1_000;
        while (backend.faults().completedIds().size() < 12) {
            assertTrue(System.currentTimeMillis() < deadline, "hang guard: 12 checkpoints never completed");
            Thread.sleep(2);
        }
        job.cancel().get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThrows(ExecutionException.class,
                () -> job.getJobExecutionResult().get(GUARD_SECONDS, TimeUnit.SECONDS));
        AbortedCheckpointTest.waitUntilQuiet(backend);

        // Then exactly the two newest completed checkpoints are left, each its metadata and its blobs
        Path jobDir = checkpoints.resolve(job.getJobID());
        assertEquals(filesOfNewest(jobDir, backend.faults().completedIds(), 2), filesUnder(jobDir));
    }

    /** A keyed job with two checkpoints in flight at once, two retained, failing in its first {@code failing} attempts. */
    private StreamExecutionEnvironment restartingJob(FaultyStateBackend backend, GatedSequenceSource source,
                                                     int failing) {
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setMaxConcurrentCheckpoints(2);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(100);
        env.getCheckpointConfig().setNumRetainedCheckpoints(2);
        env.setStateBackend(backend);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(failing + 1, Duration.ZERO));
        env.fromSource(source, "gated sequence")
                .map(new FailAtSecondCompletionInFirstAttempts(failing))
                .keyBy(v -> v % 100)
                .reduce(Long::sum)
                .addSink(new DiscardingSink<>());
        return env;
    }

    @Test
    void given_aSmallStatisticsHistory_when_aJobTakesManyCheckpoints_then_itKeepsOnlyTheNewestAndCountsThemAll()
            throws Exception {
        // Given a history of 5, and a source that ends once 40 checkpoints completed
        FaultyStateBackend backend = FaultyStateBackend.recording(new MemoryStateBackend());
        cleanups.add(backend::forget);
        GatedSequenceSource source = new GatedSequenceSource(1_000,
                () -> backend.faults().completedIds().size() >= 40);
        cleanups.add(source::forget);
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setCheckpointStatsHistorySize(5);
        env.setStateBackend(backend);
        env.fromSource(source, "gated sequence").keyBy(v -> v % 10).reduce(Long::sum)
                .addSink(new DiscardingSink<>());

        // When
        JobExecutionResult result = env.execute("many checkpoints");

        // Then
        assertEquals(5, result.metrics().checkpoints().size(), "kept: " + result.metrics().checkpoints());
        assertTrue(result.metrics().checkpointCounts().completed() >= 40, result.metrics().checkpointCounts()
                .toString());
        assertEquals(backend.faults().completedIds().size(), result.metrics().completedCheckpoints());
    }

    /** The files the {@code count} newest of the {@code completed} checkpoints consist of: metadata and blobs. */
    private static Set<String> filesOfNewest(Path jobDir, List<Long> completed, int count) throws Exception {
        Set<String> expected = new TreeSet<>();
        for (long id : completed.stream().sorted().skip(Math.max(0, completed.size() - count)).toList()) {
            CheckpointMetadata metadata = FileSystemSnapshotStore.readMetadataFile(
                    jobDir.resolve("chk-" + id).resolve("_metadata"));
            expected.add("chk-" + id + "/_metadata");
            metadata.allHandles().forEach(handle -> expected.add(handle.location()));
        }
        return expected;
    }

    private static Set<String> filesUnder(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.equals(dir))
                    .filter(p -> !Files.isDirectory(p) || isEmptyDirectory(p))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** An identity map that fails each attempt when it hears of the attempt's second completed checkpoint. */
    static final class FailAtSecondCompletion extends RichMapFunction<Long, Long> implements CheckpointListener {
        private transient int completions;

        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (++completions == 2) {
                throw new IllegalStateException("injected failure at checkpoint " + checkpointId + " in attempt "
                        + getRuntimeContext().getTaskInfo().getAttemptNumber());
            }
        }
    }

    /** An identity map that fails at the second completed checkpoint of each of the first {@code failing} attempts. */
    static final class FailAtSecondCompletionInFirstAttempts extends RichMapFunction<Long, Long>
            implements CheckpointListener {
        private final int failing;
        private transient int completions;

        FailAtSecondCompletionInFirstAttempts(int failing) {
            this.failing = failing;
        }

        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            if (++completions == 2 && attempt < failing) {
                throw new IllegalStateException("injected failure at checkpoint " + checkpointId + " in attempt "
                        + attempt);
            }
        }
    }
}
