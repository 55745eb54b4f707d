package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RestartStrategyConfiguration;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StateBackend;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged checkpoints — a flipped byte, a truncated or a deleted file, in a source's splits, keyed state, operator
 * state or the metadata — are found before deploying and skipped: recovery falls back to the previous retained
 * checkpoint, both when a job restarts after a failure and when a new job starts from a directory of retained
 * checkpoints, and the counts end exactly as in an uninterrupted run. With every checkpoint damaged the job fails,
 * naming each.
 */
class CheckpointCorruptionTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 100_000;
    private static final int KEYS = 100;
    private static final int PARALLELISM = 2;
    /** The checkpoint the damaging function's subtask 0 restored from, by backend id. */
    private static final Map<String, Long> RESTORED_FROM = new ConcurrentHashMap<>();

    @TempDir
    Path checkpoints;

    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void forget() {
        cleanups.forEach(Runnable::run);
    }

    /** The files of a checkpoint, by the kind of state they hold. */
    static Stream<Arguments> kindsAndDamages() {
        return Stream.of("source", "keyed", "operator", SnapshotStore.METADATA_NAME)
                .flatMap(kind -> Arrays.stream(Damage.values()).map(damage -> Arguments.of(kind, damage)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("kindsAndDamages")
    void given_the_newest_checkpoint_damaged_when_the_job_restarts_then_it_falls_back_and_counts_exactly(
            String kind, Damage damage) throws Exception {
        // Given a job that, once two checkpoints completed, damages the newest one and fails
        FreezingStateBackend backend = backend();
        CollectSink<long[]> output = newSink();
        StreamExecutionEnvironment env = countingJob(backend, output,
                new DamageAndFail(backend.id(), kind, damage, false, true),
                RestartStrategies.fixedDelayRestart(2, Duration.ZERO));

        // When it runs through its restart
        env.execute("falls back within the job");

        // Then it restored from the checkpoint before the damaged one, and every count is exact
        List<Long> damaged = FreezingStateBackend.freezer(backend.id()).damaged();
        assertEquals(1, damaged.size());
        assertEquals(damaged.get(0) - 1, RESTORED_FROM.get(backend.id()), "restored from");
        assertExactCounts(output.results());
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("kindsAndDamages")
    void given_the_newest_retained_checkpoint_damaged_when_a_job_restores_the_directory_then_it_falls_back(
            String kind, Damage damage) throws Exception {
        // Given a first run that damages its newest checkpoint and dies for good
        FreezingStateBackend backend = backend();
        CollectSink<long[]> firstOutput = newSink();
        JobClient died = countingJob(backend, firstOutput,
                new DamageAndFail(backend.id(), kind, damage, false, true), RestartStrategies.noRestart())
                .executeAsync("first run");
        assertThrows(ExecutionException.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        long damaged = FreezingStateBackend.freezer(backend.id()).damaged().get(0);

        // When a new job starts from the first run's directory
        CollectSink<long[]> secondOutput = newSink();
        FreezingStateBackend second = backend();
        StreamExecutionEnvironment env = countingJob(second, secondOutput,
                new DamageAndFail(second.id(), kind, damage, false, false), RestartStrategies.noRestart());
        env.restoreFromCheckpoint(checkpoints.resolve(died.getJobID()).toString());
        env.execute("second run");

        // Then it started from the checkpoint before the damaged one, and together they counted exactly
        assertEquals(damaged - 1, RESTORED_FROM.get(second.id()), "restored from");
        List<long[]> all = new ArrayList<>(firstOutput.results());
        all.addAll(secondOutput.results());
        assertExactCounts(all);
    }

    @Test
    void given_every_retained_checkpoint_damaged_when_the_job_restarts_then_it_fails_naming_each() throws Exception {
        // Given
        FreezingStateBackend backend = backend();
        StreamExecutionEnvironment env = countingJob(backend, newSink(),
                new DamageAndFail(backend.id(), "keyed", Damage.FLIP_BYTE, true, true),
                RestartStrategies.fixedDelayRestart(2, Duration.ZERO));

        // When
        JobExecutionException failure = assertThrows(JobExecutionException.class, () -> env.execute("all damaged"));

        // Then
        List<Long> damaged = FreezingStateBackend.freezer(backend.id()).damaged();
        assertTrue(damaged.size() >= 2, "damaged " + damaged);
        assertNamesEach(failure.getMessage(), backend, damaged);
    }

    @Test
    void given_every_retained_checkpoint_damaged_when_a_job_restores_the_directory_then_it_fails_naming_each()
            throws Exception {
        // Given
        FreezingStateBackend backend = backend();
        JobClient died = countingJob(backend, newSink(),
                new DamageAndFail(backend.id(), "source", Damage.TRUNCATE, true, true),
                RestartStrategies.noRestart()).executeAsync("first run");
        assertThrows(ExecutionException.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));

        // When
        FreezingStateBackend second = backend();
        StreamExecutionEnvironment env = countingJob(second, newSink(),
                new DamageAndFail(second.id(), "source", Damage.TRUNCATE, false, false), RestartStrategies.noRestart());
        env.restoreFromCheckpoint(checkpoints.resolve(died.getJobID()).toString());
        JobExecutionException failure = assertThrows(JobExecutionException.class, () -> env.execute("second run"));

        // Then
        assertNamesEach(failure.getMessage(), backend, FreezingStateBackend.freezer(backend.id()).damaged());
    }

    @Test
    void given_a_damaged_checkpoint_named_by_its_directory_when_a_job_restores_it_then_it_fails_naming_the_file()
            throws Exception {
        // Given
        FreezingStateBackend backend = backend();
        JobClient died = countingJob(backend, newSink(),
                new DamageAndFail(backend.id(), "operator", Damage.DELETE, false, true),
                RestartStrategies.noRestart()).executeAsync("first run");
        assertThrows(ExecutionException.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        long damaged = FreezingStateBackend.freezer(backend.id()).damaged().get(0);
        Path checkpointDir = checkpoints.resolve(died.getJobID()).resolve("chk-" + damaged);

        // When that one checkpoint is given, not the directory
        FreezingStateBackend second = backend();
        StreamExecutionEnvironment env = countingJob(second, newSink(),
                new DamageAndFail(second.id(), "operator", Damage.DELETE, false, false), RestartStrategies.noRestart());
        env.restoreFromCheckpoint(checkpointDir.toString());
        JobExecutionException failure = assertThrows(JobExecutionException.class, () -> env.execute("second run"));

        // Then it does not fall back to another: it fails, naming the missing file
        String message = failure.getMessage();
        assertTrue(message.contains(checkpointDir.toString()), message);
        assertTrue(message.contains("does not exist"), message);
    }

    private FreezingStateBackend backend() {
        FreezingStateBackend backend = new FreezingStateBackend(new FsStateBackend(checkpoints.toString()));
        cleanups.add(backend::forget);
        cleanups.add(() -> RESTORED_FROM.remove(backend.id()));
        cleanups.add(() -> DamageAndFail.forget(backend.id()));
        return backend;
    }

    private static void assertNamesEach(String message, FreezingStateBackend backend, List<Long> damaged) {
        Path dir = FreezingStateBackend.freezer(backend.id()).directory();
        for (long id : damaged) {
            assertTrue(message.contains("checkpoint " + id + " (" + dir.resolve("chk-" + id)), "names checkpoint "
                    + id + ": " + message);
        }
    }

    private StreamExecutionEnvironment countingJob(StateBackend backend, CollectSink<long[]> sink,
                                                   DamageAndFail damageAndFail,
                                                   RestartStrategyConfiguration restarts) {
        StreamExecutionEnvironment env = env(PARALLELISM);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setNumRetainedCheckpoints(3);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(1_000);
        env.setStateBackend(backend);
        env.setRestartStrategy(restarts);
        GatedSequenceSource source = new GatedSequenceSource(RECORDS, damageAndFail::mayEnd);
        cleanups.add(source::forget);
        env.fromSource(source, "numbers")
                .map(damageAndFail).name("damage and fail")
                .keyBy(v -> v % KEYS)
                .process(new RestoreFromRetainedCheckpointTest.Count())
                .addSink(sink);
        return env;
    }

    private static void assertExactCounts(List<long[]> keyAndCount) {
        Map<Long, Long> finalCounts = new HashMap<>();
        keyAndCount.forEach(kc -> finalCounts.merge(kc[0], kc[1], Math::max));
        assertEquals(KEYS, finalCounts.size(), "keys");
        finalCounts.forEach((key, count) -> assertEquals(RECORDS / KEYS, count, "count of key " + key));
    }

    /**
     * Counts records in operator state (so every subtask writes an operator blob) and keeps the id of the checkpoint
     * it belongs to, so a restored subtask 0 records where it restored from. When it {@code damages}: in attempt 0,
     * subtask 0, once two checkpoints completed, it damages (and freezes) the checkpoints and fails. The source ends
     * only after that (at once when it does not damage), so checkpoints go on until then.
     */
    static final class DamageAndFail extends RichMapFunction<Long, Long>
            implements CheckpointedFunction, CheckpointListener {
        private static final Map<String, Boolean> DONE = new ConcurrentHashMap<>();
        private final String backendId;
        private final String kind;
        private final Damage damage;
        private final boolean all;
        private final boolean damages;
        private transient ListState<Long> counted;
        private transient ListState<Long> checkpointId;
        private transient long count;
        private transient int completed;

        DamageAndFail(String backendId, String kind, Damage damage, boolean all, boolean damages) {
            this.backendId = backendId;
            this.kind = kind;
            this.damage = damage;
            this.all = all;
            this.damages = damages;
        }

        boolean mayEnd() {
            return !damages || DONE.containsKey(backendId);
        }

        static void forget(String backendId) {
            DONE.remove(backendId);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            counted = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Long.class));
            checkpointId = context.getOperatorStateStore().getListState(
                    new ListStateDescriptor<>("checkpoint", Long.class));
            for (Long c : counted.get()) {
                count += c;
            }
            if (context.isRestored() && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                for (Long id : checkpointId.get()) {
                    RESTORED_FROM.put(backendId, id);
                }
            }
        }

        @Override
        public Long map(Long value) {
            count++;
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            counted.update(List.of(count));
            checkpointId.update(List.of(context.getCheckpointId()));
        }

        @Override
        public void notifyCheckpointComplete(long id) throws Exception {
            completed++;
            if (damages && completed >= 2 && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                FreezingStateBackend.freezer(backendId).freezeAndDamage(kind, damage, all);
                DONE.put(backendId, true);
                throw new IllegalStateException("injected failure after damaging checkpoint " + id);
            }
        }
    }
}
