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
        Set<String> expected = new TreeSet<>();
        for (long id : completed.stream().sorted().skip(completed.size() - 2).toList()) {
            CheckpointMetadata metadata = FileSystemSnapshotStore.readMetadataFile(
                    jobDir.resolve("chk-" + id).resolve("_metadata"));
            expected.add("chk-" + id + "/_metadata");
            metadata.allHandles().forEach(handle -> expected.add(handle.location()));
        }
        assertEquals(expected, filesUnder(jobDir));
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
}
