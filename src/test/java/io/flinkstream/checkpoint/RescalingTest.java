package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden-output rescaling: a run dies for good halfway through its input with a retained checkpoint; a new job
 * restores it at another parallelism and reads on. Together they must give what one uninterrupted run gives: every
 * key's count exact (keyed state reassigned by key group), every record counted once by an operator keeping its count
 * in operator list state (lists shared out, none lost), the union list seen whole by every new subtask, and the
 * source's splits shared out, none lost or read twice.
 */
class RescalingTest extends EmbeddedNodeTestBase {
    static final long RECORDS = 60_000;
    static final int KEYS = 100;
    private static final Map<String, Queue<Long>> FINAL_COUNTS = new ConcurrentHashMap<>();
    private static final Map<String, Queue<Long>> RESTORED_LISTS = new ConcurrentHashMap<>();
    private static final Map<String, Queue<Long>> RESTORED_UNIONS = new ConcurrentHashMap<>();

    @TempDir
    Path checkpoints;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2, 3", "3, 1", "1, 4"})
    void when_a_job_is_restored_at_another_parallelism_then_its_results_equal_the_uninterrupted_run(int before,
                                                                                                 int after)
            throws Exception {
        // Given a run at parallelism `before` that died halfway with a retained checkpoint
        String test = UUID.randomUUID().toString();
        CollectSink<long[]> firstOutput = newSink();
        JobClient died = job(before, HaltingRangeSource.dyingAt(RECORDS, 3, 0.5), test, false, firstOutput)
                .executeAsync("first run");
        assertThrows(Exception.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));

        // When a new job restores it at parallelism `after` and reads on
        CollectSink<long[]> secondOutput = newSink();
        StreamExecutionEnvironment second = job(after, HaltingRangeSource.readAll(RECORDS, 3), test, true,
                secondOutput);
        second.restoreFromCheckpoint(checkpoints.resolve(died.getJobID()).toString());
        second.execute("second run");

        // Then every key's count is what the uninterrupted run gives
        Map<Long, Long> counts = new HashMap<>();
        List<long[]> all = new ArrayList<>(firstOutput.results());
        all.addAll(secondOutput.results());
        all.forEach(kc -> counts.merge(kc[0], kc[1], Math::max));
        assertEquals(KEYS, counts.size());
        counts.forEach((key, count) -> assertEquals(RECORDS / KEYS, count, "count of key " + key));
        assertTrue(secondOutput.results().size() < RECORDS, "the second run did not start from scratch");
        // And the operator list state was shared out with nothing lost: every record counted once
        assertEquals(RECORDS, FINAL_COUNTS.get(test).stream().mapToLong(Long::longValue).sum());
        assertEquals(after, FINAL_COUNTS.get(test).size());
        // And every new subtask saw the whole union list: the sum of the shared-out lists
        long restored = RESTORED_LISTS.get(test).stream().mapToLong(Long::longValue).sum();
        assertTrue(restored > 0, "the checkpoint held counts");
        assertEquals(after, RESTORED_UNIONS.get(test).size());
        RESTORED_UNIONS.get(test).forEach(union -> assertEquals(restored, union, "union list of a new subtask"));
    }

    /** What the counting maps of {@code test} counted in the end, over all their subtasks. */
    static long finalSum(String test) {
        return FINAL_COUNTS.getOrDefault(test, new ConcurrentLinkedQueue<>()).stream().mapToLong(Long::longValue)
                .sum();
    }

    /** What the counting maps of {@code test} were given on restore, over all their subtasks. */
    static long restoredSum(String test) {
        return RESTORED_LISTS.getOrDefault(test, new ConcurrentLinkedQueue<>()).stream().mapToLong(Long::longValue)
                .sum();
    }

    private StreamExecutionEnvironment job(int parallelism, HaltingRangeSource source, String test, boolean report,
                                           CollectSink<long[]> sink) {
        StreamExecutionEnvironment env = env(parallelism);
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSource(source, "numbers", Types.LONG)
                .map(new CountingMap(test, report))
                .keyBy(v -> v % KEYS)
                .process(new RestoreFromRetainedCheckpointTest.Count())
                .addSink(sink);
        return env;
    }

    /**
     * Counts its records in operator list state (one element per subtask) and in a union list; on restore it adds
     * up what it was given, and on close (when asked to report) it hands its final count to the test.
     */
    static final class CountingMap extends RichMapFunction<Long, Long> implements CheckpointedFunction {
        private final String test;
        private final boolean report;
        private transient ListState<Long> stored;
        private transient ListState<Long> union;
        private long count;

        CountingMap(String test, boolean report) {
            this.test = test;
            this.report = report;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            stored = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Long.class));
            union = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("all", Long.class));
            for (Long c : stored.get()) {
                count += c;
            }
            if (report && context.isRestored()) {
                RESTORED_LISTS.computeIfAbsent(test, t -> new ConcurrentLinkedQueue<>()).add(count);
                long unionSum = 0;
                for (Long c : union.get()) {
                    unionSum += c;
                }
                RESTORED_UNIONS.computeIfAbsent(test, t -> new ConcurrentLinkedQueue<>()).add(unionSum);
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            stored.update(List.of(count));
            union.update(List.of(count));
        }

        @Override
        public Long map(Long value) {
            count++;
            return value;
        }

        @Override
        public void close() {
            if (report) {
                FINAL_COUNTS.computeIfAbsent(test, t -> new ConcurrentLinkedQueue<>()).add(count);
            }
        }
    }
}
