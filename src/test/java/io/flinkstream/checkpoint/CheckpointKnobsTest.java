package io.flinkstream.checkpoint;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.ExternalizedCheckpointRetention;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobStatus;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.MemoryStateBackend;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.connectors.DiscardingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per checkpoint setting, each showing the setting's effect on a running job: through the files an
 * {@link FsStateBackend} leaves, through what a recording {@link FaultyStateBackend} saw, or through the job's
 * behaviour. Timing enters only as bounds that follow from the setting (a checkpoint cannot start before the
 * interval or the pause has passed), never as "wait and hope".
 *
 * <p>Not here: the mode (exactly-once vs at-least-once) is shown by {@link CheckpointConsistencyTest}; tolerable
 * failures by {@link FaultInjectionTest} (failing snapshot writes, tolerated vs failing the job over).
 */
class CheckpointKnobsTest extends EmbeddedNodeTestBase {
    private static final long ENDLESS = 1L << 40;
    private static final int KEYS = 500;
    private static final long HANG_GUARD_MILLIS = 30_000;

    @TempDir
    Path checkpoints;

    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        cleanups.forEach(Runnable::run);
    }

    // --- interval ------------------------------------------------------------------------------------------------

    @Test
    void given_checkpointing_off_when_a_job_runs_then_no_checkpoint_is_written() throws Exception {
        // Given an fs backend but no interval (the default is off)
        StreamExecutionEnvironment env = env(2);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        String counter = endlessCount(env);

        // When it has processed a good number of records
        JobClient job = env.executeAsync("checkpointing off");
        waitUntil(() -> CountRecords.counted(counter) >= 200_000, "200,000 records counted");
        cancelAndAwait(job);

        // Then no checkpoint directory exists
        try (Stream<Path> files = Files.walk(checkpoints)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("chk-")).toList());
        }
        assertFalse(Files.exists(checkpoints.resolve(job.getJobID())));
    }

    @Test
    void given_a_shorter_interval_when_two_jobs_run_side_by_side_then_it_completes_more_checkpoints()
            throws Exception {
        // Given two endless jobs, one checkpointing every 10 ms, one every 250 ms
        FaultyStateBackend fastBackend = recording(new FsStateBackend(checkpoints.toString()));
        FaultyStateBackend slowBackend = recording(new FsStateBackend(checkpoints.toString()));
        StreamExecutionEnvironment fastEnv = env(1);
        fastEnv.enableCheckpointing(10).setStateBackend(fastBackend);
        endlessCount(fastEnv);
        StreamExecutionEnvironment slowEnv = env(1);
        slowEnv.enableCheckpointing(250).setStateBackend(slowBackend);
        endlessCount(slowEnv);

        // When both run until the fast one completed 10 checkpoints and the slow one 1
        long start = System.nanoTime();
        JobClient slow = slowEnv.executeAsync("interval 250 ms");
        JobClient fast = fastEnv.executeAsync("interval 10 ms");
        try {
            waitUntil(() -> fastBackend.faults().completions().size() >= 10
                    && !slowBackend.faults().completions().isEmpty(), "10 fast and 1 slow checkpoints");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            int slowCompleted = slowBackend.faults().completions().size();
            int fastCompleted = fastBackend.faults().completions().size();

            // Then the slow job completed no more than its interval allows, and fewer than the fast one
            assertTrue(slowCompleted <= elapsedMillis / 250 + 1, slowCompleted + " checkpoints in " + elapsedMillis
                    + " ms with a 250 ms interval");
            assertTrue(fastCompleted > slowCompleted, "fast " + fastCompleted + " vs slow " + slowCompleted);
        } finally {
            cancelAndAwait(fast);
            cancelAndAwait(slow);
            // The stores delete their checkpoints asynchronously: let them finish before the directory goes.
            waitUntil(() -> fastBackend.faults().quiet() && slowBackend.faults().quiet(), "the stores quiet");
        }
    }

    // --- retained checkpoints and retention on cancel ------------------------------------------------------------

    @Test
    void given_two_retained_checkpoints_when_the_job_is_cancelled_with_retention_then_the_two_newest_remain()
            throws Exception {
        // Given two retained checkpoints, kept on cancellation; the state writes of checkpoint 6 on stall, so the
        // job is cancelled between checkpoints, not while one completes (see
        // given_a_checkpoint_completing_in_storage_when_the_job_is_cancelled_then_no_more_than_the_retained_remain)
        FaultyStateBackend backend = FaultyStateBackend.stallingWrites(
                new FsStateBackend(checkpoints.toString()), 6, Long.MAX_VALUE);
        cleanups.add(backend::forget);
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10).setStateBackend(backend);
        env.getCheckpointConfig().setNumRetainedCheckpoints(2)
                .setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        endlessCount(env);

        // When five checkpoints completed (checkpoint 6 being triggered proves the coordinator saw the fifth
        // complete) and the job is cancelled
        JobClient job = env.executeAsync("two retained");
        cancelWhenStalledAt(job, backend, 6);

        // Then exactly the two newest remain
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(checkpoints.resolve(job.getJobID()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), backend.faults().completedIds());
        assertEquals(List.of(5L, 4L), files.completedCheckpointIds());
    }

    @Test
    void given_a_checkpoint_completing_in_storage_when_the_job_is_cancelled_then_no_more_than_the_retained_remain()
            throws Exception {
        // Given two retained checkpoints kept on cancellation, and the metadata write of checkpoint 3 held back
        FaultyStateBackend backend = FaultyStateBackend.stallingMetadata(
                new FsStateBackend(checkpoints.toString()), 3, 3);
        cleanups.add(backend::forget);
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10).setStateBackend(backend);
        env.getCheckpointConfig().setNumRetainedCheckpoints(2)
                .setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        endlessCount(env);

        // When the job is cancelled while checkpoint 3's metadata is being written, which then completes (the job
        // ends only after that write: its coordinator drains before it stops)
        JobClient job = env.executeAsync("cancelled while completing");
        try {
            waitUntil(() -> backend.faults().stalledMetadata().contains(3L), "checkpoint 3's metadata write");
            job.cancel().get(60, TimeUnit.SECONDS);
        } finally {
            backend.faults().release();
        }
        job.getJobExecutionResult().handle((r, e) -> null).get(60, TimeUnit.SECONDS);
        waitUntil(() -> backend.faults().quiet(), "the snapshot store closed and quiet");

        // Then no more than the two retained checkpoints are left
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(checkpoints.resolve(job.getJobID()));
        assertTrue(files.completedCheckpointIds().size() <= 2, "left: " + files.completedCheckpointIds());
    }

    @Test
    void given_retention_on_cancellation_when_the_job_is_cancelled_then_its_latest_checkpoint_is_kept()
            throws Exception {
        // Given retention on cancellation; state writes from checkpoint 3 on stall, so the job is cancelled after
        // checkpoint 2 completed and while no checkpoint is completing
        FaultyStateBackend backend = FaultyStateBackend.stallingWrites(
                new FsStateBackend(checkpoints.toString()), 3, Long.MAX_VALUE);
        cleanups.add(backend::forget);
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10).setStateBackend(backend);
        env.getCheckpointConfig()
                .setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        endlessCount(env);

        // When
        JobClient job = env.executeAsync("retain on cancel");
        cancelWhenStalledAt(job, backend, 3);

        // Then the newest completed checkpoint is still there and readable
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(checkpoints.resolve(job.getJobID()));
        CheckpointMetadata latest = files.latest().orElseThrow();
        assertEquals(2L, latest.checkpointId());
        assertFalse(latest.taskStates().isEmpty());
        assertEquals(List.of(2L), files.completedCheckpointIds());
    }

    @Test
    void given_deletion_on_cancellation_when_the_job_is_cancelled_then_no_completed_checkpoint_is_left()
            throws Exception {
        // Given the default retention (deleted on cancellation), cancelled between checkpoints as above
        FaultyStateBackend backend = FaultyStateBackend.stallingWrites(
                new FsStateBackend(checkpoints.toString()), 3, Long.MAX_VALUE);
        cleanups.add(backend::forget);
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10).setStateBackend(backend);
        endlessCount(env);

        // When
        JobClient job = env.executeAsync("delete on cancel");
        cancelWhenStalledAt(job, backend, 3);

        // Then checkpoints had completed, and the store was emptied before it was closed
        assertEquals(List.of(1L, 2L), backend.faults().completedIds());
        FileSystemSnapshotStore files = new FileSystemSnapshotStore(checkpoints.resolve(job.getJobID()));
        assertEquals(List.of(), files.completedCheckpointIds());
    }

    /**
     * Cancels {@code job} once checkpoint {@code checkpointId}'s stalled state writes began (so the one before it
     * completed, as far as the coordinator knows), then releases them and waits until the store is quiet.
     */
    private static void cancelWhenStalledAt(JobClient job, FaultyStateBackend backend, long checkpointId)
            throws Exception {
        try {
            waitUntil(() -> backend.faults().stalledWrites().contains(checkpointId),
                    "checkpoint " + checkpointId + " triggered");
            cancelAndAwait(job);
        } finally {
            backend.faults().release();
        }
        waitUntil(() -> backend.faults().quiet(), "the snapshot store closed and quiet");
    }

    // --- timeout ---------------------------------------------------------------------------------------------------

    @Test
    void given_a_checkpoint_stalled_past_the_timeout_and_no_tolerable_failure_when_it_expires_then_the_job_restarts()
            throws Exception {
        // Given the state writes of checkpoint 2 stall, a 50 ms timeout, and no failure tolerated; the bounded
        // source does not end before the job restarted
        FaultyStateBackend backend = FaultyStateBackend.stallingWrites(new MemoryStateBackend(), 2, 2);
        cleanups.add(backend::forget);
        String log = AttemptLog.newLog();
        cleanups.add(() -> AttemptLog.forget(log));
        long records = 100_000;
        GatedSequenceSource source = new GatedSequenceSource(records, () -> AttemptLog.maxAttempt(log) > 0);
        cleanups.add(source::forget);
        FaultInjectionTest.MaxPerKeySink sink = new FaultInjectionTest.MaxPerKeySink(new long[0], log);
        cleanups.add(sink::forget);

        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10).setStateBackend(backend);
        env.getCheckpointConfig().setCheckpointTimeout(50).setTolerableCheckpointFailureNumber(0);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        env.fromSource(source, "gated sequence").keyBy(v -> v % KEYS)
                .process(new FaultInjectionTest.FailingCount(new long[0], log)).name("count")
                .addSink(sink);

        // When checkpoint 2 stalls: the job must fail over on its own (the restore waits for the stalled
        // writes, which hold the snapshot threads, so they are released once the restart has begun)
        JobClient job = env.executeAsync("stalled checkpoint");
        try {
            waitUntil(() -> AttemptLog.maxAttempt(log) > 0 || status(job) == JobStatus.RESTARTING,
                    "the job restarting");
        } finally {
            backend.faults().release();
        }
        job.getJobExecutionResult().get(HANG_GUARD_MILLIS, TimeUnit.MILLISECONDS);

        // Then checkpoint 2 stalled and never completed, the job restarted, and it still counted exactly
        assertTrue(backend.faults().stalledWrites().contains(2L));
        assertFalse(backend.faults().completedIds().contains(2L), "completed: " + backend.faults().completedIds());
        assertTrue(AttemptLog.maxAttempt(log) > 0, "attempts: " + AttemptLog.attempts(log));
        Map<Long, Long> counts = sink.maxima();
        assertEquals(KEYS, counts.size());
        counts.forEach((key, count) -> assertEquals(records / KEYS, count, "count of key " + key));
    }

    // --- min pause -------------------------------------------------------------------------------------------------

    @Test
    void given_a_min_pause_longer_than_the_interval_when_the_job_runs_then_checkpoints_start_a_pause_apart()
            throws Exception {
        // Given a 10 ms interval but a 200 ms minimum pause after each checkpoint ends
        long pause = 200;
        FaultyStateBackend backend = recording(new MemoryStateBackend());
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10).setStateBackend(backend);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(pause);
        endlessCount(env);

        // When it runs until four checkpoints completed (about a second)
        long start = System.nanoTime();
        JobClient job = env.executeAsync("min pause");
        try {
            waitUntil(() -> backend.faults().completions().size() >= 4, "four completed checkpoints");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            List<FaultyStateBackend.Completion> completions = backend.faults().completions();

            // Then few checkpoints completed for the time, and each next one wrote its first state only after a
            // full pause from the previous completion (2 ms slack for the coordinator's millisecond clock)
            assertTrue(completions.size() <= elapsedMillis / pause + 2, completions.size() + " checkpoints in "
                    + elapsedMillis + " ms");
            for (int i = 0; i + 1 < completions.size(); i++) {
                FaultyStateBackend.Completion previous = completions.get(i);
                long next = previous.checkpointId() + 1;
                Long nextWrite = backend.faults().firstWriteNanos(next);
                if (nextWrite != null) {
                    long gapMillis = (nextWrite - previous.nanoTime()) / 1_000_000;
                    assertTrue(gapMillis >= pause - 2, "checkpoint " + next + " started " + gapMillis
                            + " ms after checkpoint " + previous.checkpointId() + " completed");
                }
            }
        } finally {
            cancelAndAwait(job);
        }
    }

    // --- max concurrent --------------------------------------------------------------------------------------------

    @Test
    void given_two_concurrent_checkpoints_allowed_when_the_first_stalls_then_a_second_starts_but_no_third()
            throws Exception {
        // Given checkpoint 1 stalls in its state writes (so it stays pending), and two may run at once
        FaultyStateBackend backend = FaultyStateBackend.stallingWrites(new MemoryStateBackend(), 1, 1);
        cleanups.add(backend::forget);
        GatedSequenceSource source = new GatedSequenceSource(ENDLESS, () -> false);
        cleanups.add(source::forget);
        StreamExecutionEnvironment env = env(1);
        env.enableCheckpointing(10).setStateBackend(backend);
        env.getCheckpointConfig().setMaxConcurrentCheckpoints(2);
        env.fromSource(source, "endless").keyBy(v -> v % KEYS).process(new CountRecords(newCounter()))
                .addSink(new DiscardingSink<>());

        // When it runs
        JobClient job = env.executeAsync("two concurrent");
        try {
            // Then checkpoint 2 starts at the sources while checkpoint 1 is still pending
            waitUntil(() -> source.snapshottedCheckpoints().contains(2L), "checkpoint 2 triggered");
            assertEquals(List.of(), backend.faults().completedIds(), "checkpoint 1 is still pending");
            // ...and no third starts while both are pending. A negative needs an observation window: 30 intervals.
            // It cannot fail a correct coordinator, only miss a wrong one.
            Thread.sleep(300);
            assertEquals(Set.of(1L, 2L), source.snapshottedCheckpoints());
            assertEquals(List.of(), backend.faults().completedIds());
        } finally {
            cancelAndAwait(job);
            backend.faults().release();
        }
    }

    // --- configuration -----------------------------------------------------------------------------------------------

    @Test
    void given_checkpointing_in_the_node_configuration_when_a_job_runs_without_code_settings_then_it_checkpoints()
            throws Exception {
        // Given a node configured to checkpoint every 15 ms into a directory, keeping checkpoints on cancel
        // (its own directory: the node's job master may still be deleting subsumed checkpoints when cancelled)
        Path dir = Files.createTempDirectory("flinkstream-config-checkpoints");
        FlinkStreamNode configured = FlinkStreamNode.startEmbedded(ConfigFactory.parseString(
                "flinkstream.checkpointing.interval = 15ms\n"
                        + "flinkstream.state.backend = fs\n"
                        + "flinkstream.state.checkpoints-dir = \"" + dir.toString().replace("\\", "\\\\") + "\"\n"
                        + "flinkstream.checkpointing.retain-on-cancel = true"));
        try {
            // When a job runs with no checkpoint setting in code
            StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(configured);
            env.setParallelism(2);
            assertEquals(15, env.getCheckpointConfig().getCheckpointInterval());
            assertTrue(env.getCheckpointConfig().isRetainedOnCancellation());
            endlessCount(env);
            JobClient job = env.executeAsync("configured checkpoints");
            FileSystemSnapshotStore files = new FileSystemSnapshotStore(dir.resolve(job.getJobID()));

            // Then completed checkpoints appear in the configured directory, and stay after cancelling
            waitUntil(() -> !completedIds(files).isEmpty(), "a completed checkpoint in " + dir);
            cancelAndAwait(job);
            assertTrue(files.latest().isPresent());
        } finally {
            configured.close();
            deleteQuietly(dir);
        }
    }

    @Test
    void given_a_bad_checkpoint_value_in_the_node_configuration_when_the_environment_is_created_then_it_names_the_key() {
        assertBadValue("flinkstream.checkpointing.interval = 5ms", "flinkstream.checkpointing.interval");
        assertBadValue("flinkstream.checkpointing.mode = sometimes", "flinkstream.checkpointing.mode");
    }

    private static void assertBadValue(String setting, String path) {
        FlinkStreamNode node = FlinkStreamNode.startEmbedded(ConfigFactory.parseString(setting));
        try {
            ConfigException e = assertThrows(ConfigException.class, () -> StreamExecutionEnvironment.onNode(node));
            assertTrue(e.getMessage().contains(path), e.getMessage());
        } finally {
            node.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private FaultyStateBackend recording(io.flinkstream.api.StateBackend delegate) {
        FaultyStateBackend backend = FaultyStateBackend.recording(delegate);
        cleanups.add(backend::forget);
        return backend;
    }

    private String newCounter() {
        String id = CountRecords.newCounter();
        cleanups.add(() -> CountRecords.forget(id));
        return id;
    }

    /** An endless keyed count into a discarding sink; returns the id of its record counter. */
    private String endlessCount(StreamExecutionEnvironment env) {
        String counter = newCounter();
        env.fromSequence(0, ENDLESS).keyBy(v -> v % KEYS).process(new CountRecords(counter)).name("count")
                .addSink(new DiscardingSink<>());
        return counter;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: a temporary directory
        }
    }

    private static List<Long> completedIds(SnapshotStore store) {
        try {
            return store.completedCheckpointIds();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get(HANG_GUARD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private static void cancelAndAwait(JobClient job) throws Exception {
        if (!job.getJobExecutionResult().isDone()) {
            job.cancel().get(HANG_GUARD_MILLIS, TimeUnit.MILLISECONDS);
        }
        job.getJobExecutionResult().handle((r, e) -> null).get(HANG_GUARD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + HANG_GUARD_MILLIS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "hang guard: waited " + HANG_GUARD_MILLIS
                    + " ms for " + what);
            Thread.sleep(2);
        }
    }

    /** Counts per key in ValueState and counts all records it saw in a static counter, for the test to watch. */
    static final class CountRecords extends KeyedProcessFunction<Long, Long, Long> {
        private static final Map<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();

        private final String counter;
        private transient io.flinkstream.api.state.ValueState<Long> count;

        CountRecords(String counter) {
            this.counter = counter;
        }

        static String newCounter() {
            String id = UUID.randomUUID().toString();
            COUNTERS.put(id, new AtomicLong());
            return id;
        }

        static long counted(String id) {
            AtomicLong c = COUNTERS.get(id);
            return c == null ? 0 : c.get();
        }

        static void forget(String id) {
            COUNTERS.remove(id);
        }

        @Override
        public void open(io.flinkstream.api.OpenContext ctx) {
            count = getRuntimeContext().getState(
                    new io.flinkstream.api.state.ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            Long c = count.value();
            count.update(c == null ? 1L : c + 1);
            AtomicLong seen = COUNTERS.get(counter);
            if (seen != null) {
                seen.incrementAndGet();
            }
        }
    }
}
