package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.Collector;
import io.flinkstream.api.DataStream;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Odd but legal restores, each either exactly the uninterrupted run or refused at start — never silently wrong.
 */
class BreakRestoreTest extends EmbeddedNodeTestBase {
    static final long RECORDS = 30_000;
    static final int KEYS = 97;

    /** tag -> subtask -> final count of a Tally (last attempt wins). */
    static final Map<String, Map<Integer, Long>> FINAL = new ConcurrentHashMap<>();
    /** tag -> subtask -> restored operator-list sum. */
    static final Map<String, Map<Integer, Long>> RESTORED = new ConcurrentHashMap<>();
    /** tag -> subtask -> restored union sum. */
    static final Map<String, Map<Integer, Long>> UNION = new ConcurrentHashMap<>();
    /** tag -> how many subtask initializations were restores. */
    static final Map<String, Integer> RESTORES = new ConcurrentHashMap<>();
    static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();

    @TempDir
    Path checkpoints;

    // ---------------------------------------------------------------------------------------------------------------
    // Job shapes

    /** Options of the standard job: source -> [insertedBefore] -> tally -> keyBy -> count -> [insertedAfter] -> sink. */
    static final class Shape {
        int parallelism = 2;
        Integer maxParallelism;
        boolean uidSource;
        boolean uidTally;
        boolean uidCount;
        boolean insertBefore;
        boolean insertAfter;
        Integer tallyParallelism;
        boolean lazy;
        boolean failOnceAfterCheckpoint;
        int splitsPerSubtask = 3;

        Shape p(int p) {
            parallelism = p;
            return this;
        }
    }

    private StreamExecutionEnvironment job(Shape s, HaltingRangeSource source, String tag, CollectSink<long[]> sink) {
        StreamExecutionEnvironment env = env(s.parallelism);
        if (s.maxParallelism != null) {
            env.setMaxParallelism(s.maxParallelism);
        }
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(s.failOnceAfterCheckpoint
                ? RestartStrategies.fixedDelayRestart(5, Duration.ofMillis(10)) : RestartStrategies.noRestart());
        DataStream<Long> numbers = env.fromSource(source, "numbers", Types.LONG);
        if (s.uidSource) {
            numbers = numbers.uid("numbers");
        }
        if (s.insertBefore) {
            numbers = numbers.map(v -> v).name("inserted");
        }
        numbers = numbers.map(new Tally(tag)).name("tally");
        if (s.uidTally) {
            numbers = numbers.uid("tally");
        }
        if (s.tallyParallelism != null) {
            numbers = numbers.setParallelism(s.tallyParallelism);
        }
        // always there (so the ids do not depend on it); fails only when asked to
        numbers = numbers.map(new FailOnceAfterCheckpoint(s.failOnceAfterCheckpoint ? tag : null)).name("fail once");
        if (s.tallyParallelism != null) {
            numbers = numbers.setParallelism(s.tallyParallelism);
        }
        DataStream<long[]> counts = numbers.keyBy(v -> v % KEYS)
                .process(s.lazy ? new RestoreCompatibilityTest.LazyCount() : new RestoreFromRetainedCheckpointTest.Count())
                .name("count");
        if (s.uidCount) {
            counts = counts.uid("count");
        }
        if (s.insertAfter) {
            counts = counts.map(kc -> kc).name("inserted after");
        }
        counts.addSink(sink);
        return env;
    }

    /** Runs until it dies (halfway of each reader's input, after a checkpoint); returns its checkpoint directory. */
    private String dieAt(StreamExecutionEnvironment env) {
        JobClient died = env.executeAsync("dies");
        assertThrows(Exception.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        return checkpoints.resolve(died.getJobID()).toString();
    }

    private static JobExecutionException refusal(StreamExecutionEnvironment env) {
        return assertThrows(JobExecutionException.class, () -> {
            try {
                env.executeAsync("refused").getJobExecutionResult().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        });
    }

    private static void assertExactCounts(long perKey, List<CollectSink<long[]>> sinks) {
        assertExactCounts(perKey, 1, sinks);
    }

    private static void assertExactCounts(long perKey, int sources, List<CollectSink<long[]>> sinks) {
        Map<Long, Long> counts = new HashMap<>();
        for (CollectSink<long[]> sink : sinks) {
            sink.results().forEach(kc -> counts.merge(kc[0], kc[1], Math::max));
        }
        assertEquals(KEYS, counts.size(), "keys seen");
        List<String> wrong = new ArrayList<>();
        counts.forEach((key, count) -> {
            long expected = perKey + (key < (RECORDS % KEYS) ? sources : 0);
            if (count != expected) {
                wrong.add(key + "=" + count + " (expected " + expected + ")");
            }
        });
        assertTrue(wrong.isEmpty(), wrong.size() + " keys wrong: " + wrong);
    }

    private static long sum(Map<String, Map<Integer, Long>> m, String tag) {
        return m.getOrDefault(tag, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    private static void assertTally(String tag, int parallelism, long total) {
        assertEquals(parallelism, FINAL.getOrDefault(tag, Map.of()).size(), "tally subtasks that closed");
        assertEquals(total, sum(FINAL, tag), "records counted by the operator-list tally");
        long restored = sum(RESTORED, tag);
        assertTrue(restored > 0, "the tally was restored with something");
        assertEquals(parallelism, UNION.getOrDefault(tag, Map.of()).size(), "subtasks given the union");
        UNION.get(tag).forEach((subtask, union) -> assertEquals(restored, union, "union of subtask " + subtask));
    }

    /** Dies halfway in shape {@code before}, restored (and read to the end) in shape {@code after}. */
    private void dieThenRestoreExactly(Shape before, Shape after) {
        CollectSink<long[]> first = newSink();
        String dir = dieAt(job(before, HaltingRangeSource.dyingAt(RECORDS, before.splitsPerSubtask, 0.5),
                "first-" + UUID.randomUUID(), first));
        String tag = UUID.randomUUID().toString();
        CollectSink<long[]> second = newSink();
        StreamExecutionEnvironment env = job(after, after.failOnceAfterCheckpoint
                ? HaltingRangeSource.dyingOnceAt(RECORDS, after.splitsPerSubtask, 0.5)
                : HaltingRangeSource.readAll(RECORDS, after.splitsPerSubtask), tag, second);
        env.restoreFromCheckpoint(dir);
        try {
            env.execute("restored");
        } catch (Exception e) {
            throw new AssertionError("restore failed: " + e, e);
        }
        assertExactCounts(RECORDS / KEYS, List.of(first, second));
        if (after.failOnceAfterCheckpoint) {
            assertTrue(RESTORES.getOrDefault(tag, 0) > tallyP(after), "the restored run failed once and restarted: "
                    + RESTORES.get(tag));
        }
        assertTally(tag, tallyP(after), RECORDS);
    }

    private static int tallyP(Shape s) {
        return s.tallyParallelism != null ? s.tallyParallelism : s.parallelism;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cases

    @ParameterizedTest(name = "max {0}: {1} -> {2}")
    @CsvSource({"128, 2, 3", "128, 2, 5", "128, 5, 3", "128, 3, 7", "100, 3, 5", "100, 5, 3", "7, 2, 7", "7, 7, 3"})
    void break_key_groups_not_a_multiple_of_parallelism(int max, int before, int after) {
        Shape b = new Shape().p(before);
        b.maxParallelism = max;
        Shape a = new Shape().p(after);
        a.maxParallelism = max;
        dieThenRestoreExactly(b, a);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2, 3", "3, 2", "1, 4"})
    void break_lazily_registered_keyed_state_after_rescale(int before, int after) {
        Shape b = new Shape().p(before);
        b.lazy = true;
        Shape a = new Shape().p(after);
        a.lazy = true;
        dieThenRestoreExactly(b, a);
    }

    @Test
    void break_restored_at_new_parallelism_then_fails_and_restarts_from_its_own_checkpoint() {
        Shape b = new Shape().p(2);
        Shape a = new Shape().p(5);
        a.failOnceAfterCheckpoint = true;
        dieThenRestoreExactly(b, a);
    }

    @Test
    void break_rescaled_beyond_the_number_of_splits_then_fails_and_restarts() {
        Shape b = new Shape().p(2);
        b.splitsPerSubtask = 1;
        Shape a = new Shape().p(5);
        a.splitsPerSubtask = 1;
        a.failOnceAfterCheckpoint = true;
        dieThenRestoreExactly(b, a);
    }

    @Test
    void break_lazy_state_rescaled_then_fails_and_restarts() {
        Shape b = new Shape().p(3);
        b.lazy = true;
        Shape a = new Shape().p(2);
        a.lazy = true;
        a.failOnceAfterCheckpoint = true;
        dieThenRestoreExactly(b, a);
    }

    @Test
    void break_uid_on_some_operators_only_rescaled() {
        Shape b = new Shape().p(2);
        b.uidCount = true;
        Shape a = new Shape().p(3);
        a.uidCount = true;
        dieThenRestoreExactly(b, a);
    }

    @Test
    void break_stateless_operator_inserted_after_the_keyed_one_without_uids() {
        Shape b = new Shape().p(2);
        Shape a = new Shape().p(3);
        a.insertAfter = true;
        dieThenRestoreExactly(b, a);
    }

    @Test
    void break_stateless_operator_inserted_before_without_uids_is_exact_or_refused() {
        CollectSink<long[]> first = newSink();
        String dir = dieAt(job(new Shape().p(2), HaltingRangeSource.dyingAt(RECORDS, 3, 0.5), "x" + UUID.randomUUID(),
                first));
        Shape a = new Shape().p(3);
        a.insertBefore = true;
        StreamExecutionEnvironment env = job(a, HaltingRangeSource.readAll(RECORDS, 3), "y" + UUID.randomUUID(),
                newSink());
        env.restoreFromCheckpoint(dir);
        JobExecutionException e = refusal(env);
        assertTrue(e.getMessage().contains("does not have"), e.getMessage());
    }

    @Test
    void break_stateless_operator_inserted_before_with_uids_only_on_stateful_ones() {
        Shape b = new Shape().p(2);
        b.uidSource = true;
        b.uidTally = true;
        b.uidCount = true;
        Shape a = new Shape().p(3);
        a.uidSource = true;
        a.uidTally = true;
        a.uidCount = true;
        a.insertBefore = true;
        dieThenRestoreExactly(b, a);
    }

    /**
     * Changing one operator's own parallelism unchains it, and without uids that moves the ids around it (chaining is
     * part of the derived id, as in Flink): the restore is refused at start, naming the state and the uid to set.
     */
    @Test
    void break_one_operator_parallelism_changed_without_uids_is_refused_saying_to_set_uids() {
        CollectSink<long[]> first = newSink();
        Shape before = new Shape().p(2);
        String dir = dieAt(job(before, HaltingRangeSource.dyingAt(RECORDS, before.splitsPerSubtask, 0.5),
                "first-" + UUID.randomUUID(), first));
        Shape after = new Shape().p(2);
        after.tallyParallelism = 3;
        StreamExecutionEnvironment env = job(after, HaltingRangeSource.readAll(RECORDS, after.splitsPerSubtask),
                UUID.randomUUID().toString(), newSink());
        env.restoreFromCheckpoint(dir);
        Exception refused = assertThrows(Exception.class, () -> env.execute("restored"));
        assertTrue(String.valueOf(refused.getMessage()).contains("uid"), String.valueOf(refused.getMessage()));
    }

    @Test
    void break_one_operator_parallelism_changed_with_uids() {
        Shape b = new Shape().p(2);
        b.uidSource = true;
        b.uidTally = true;
        b.uidCount = true;
        Shape a = new Shape().p(2);
        a.uidSource = true;
        a.uidTally = true;
        a.uidCount = true;
        a.tallyParallelism = 3;
        dieThenRestoreExactly(b, a);
    }

    @Test
    void break_restore_twice_from_the_same_retained_checkpoint() throws Exception {
        CollectSink<long[]> first = newSink();
        String dir = dieAt(job(new Shape().p(2), HaltingRangeSource.dyingAt(RECORDS, 3, 0.5), "x" + UUID.randomUUID(),
                first));
        for (int p : new int[] {3, 2}) {
            String tag = UUID.randomUUID().toString();
            CollectSink<long[]> second = newSink();
            StreamExecutionEnvironment env = job(new Shape().p(p), HaltingRangeSource.readAll(RECORDS, 3), tag, second);
            env.restoreFromCheckpoint(dir);
            env.execute("again at " + p);
            assertExactCounts(RECORDS / KEYS, List.of(first, second));
            assertTally(tag, p, RECORDS);
        }
    }

    @Test
    void break_union_list_rescaled_3_to_2_then_2_to_5() {
        CollectSink<long[]> first = newSink();
        String dir1 = dieAt(job(new Shape().p(3), HaltingRangeSource.dyingAt(RECORDS, 3, 0.3), "a" + UUID.randomUUID(),
                first));
        String tag2 = "b" + UUID.randomUUID();
        CollectSink<long[]> second = newSink();
        StreamExecutionEnvironment env2 = job(new Shape().p(2), HaltingRangeSource.dyingAt(RECORDS, 3, 0.5), tag2,
                second);
        env2.restoreFromCheckpoint(dir1);
        String dir2 = dieAt(env2);
        long restored2 = sum(RESTORED, tag2);
        UNION.get(tag2).forEach((s, u) -> assertEquals(restored2, u, "2nd run union of " + s));
        String tag3 = "c" + UUID.randomUUID();
        CollectSink<long[]> third = newSink();
        StreamExecutionEnvironment env3 = job(new Shape().p(5), HaltingRangeSource.readAll(RECORDS, 3), tag3, third);
        env3.restoreFromCheckpoint(dir2);
        try {
            env3.execute("third");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertExactCounts(RECORDS / KEYS, List.of(first, second, third));
        assertTally(tag3, 5, RECORDS);
        assertTrue(sum(RESTORED, tag3) > restored2, "the third run started after the second's progress");
    }

    /** source A (uid or not) and source B (never a uid), each at its own parallelism, union -> tally -> count. */
    private StreamExecutionEnvironment twoSources(int pa, int pb, boolean uidA, HaltingRangeSource a,
                                                  HaltingRangeSource b, boolean withB, String tag,
                                                  CollectSink<long[]> sink) {
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.noRestart());
        DataStream<Long> sa = env.fromSource(a, "A", Types.LONG).setParallelism(pa);
        if (uidA) {
            sa = sa.uid("A");
        }
        DataStream<Long> all = sa;
        if (withB) {
            all = sa.union(env.fromSource(b, "B", Types.LONG).setParallelism(pb));
        }
        all.map(new Tally(tag)).uid("tally").name("tally")
                .keyBy(v -> v % KEYS).process(new RestoreFromRetainedCheckpointTest.Count()).uid("count").name("count")
                .addSink(sink);
        return env;
    }

    @ParameterizedTest(name = "uidA={0}: A {1}->{2}, B {3}->{4}")
    @CsvSource({"true, 2, 3, 2, 2", "false, 2, 2, 2, 5", "false, 3, 1, 1, 4", "true, 1, 1, 3, 2"})
    void break_two_sources_one_redistributed_the_other_staying(boolean uidA, int a1, int a2, int b1, int b2)
            throws Exception {
        CollectSink<long[]> first = newSink();
        String dir = dieAt(twoSources(a1, b1, uidA, HaltingRangeSource.dyingAt(RECORDS, 2, 0.5),
                HaltingRangeSource.dyingAt(RECORDS, 2, 0.5), true, "x" + UUID.randomUUID(), first));
        String tag = UUID.randomUUID().toString();
        CollectSink<long[]> second = newSink();
        StreamExecutionEnvironment env = twoSources(a2, b2, uidA, HaltingRangeSource.readAll(RECORDS, 2),
                HaltingRangeSource.readAll(RECORDS, 2), true, tag, second);
        env.restoreFromCheckpoint(dir);
        env.execute("two sources");
        assertExactCounts(2 * (RECORDS / KEYS), 2, List.of(first, second));
        assertTally(tag, 2, 2 * RECORDS);
    }

    @Test
    void break_a_new_second_source_starts_from_its_initial_splits() throws Exception {
        CollectSink<long[]> first = newSink();
        String dir = dieAt(twoSources(2, 2, true, HaltingRangeSource.dyingAt(RECORDS, 2, 0.5), null, false,
                "x" + UUID.randomUUID(), first));
        String tag = UUID.randomUUID().toString();
        CollectSink<long[]> second = newSink();
        StreamExecutionEnvironment env = twoSources(3, 2, true, HaltingRangeSource.readAll(RECORDS, 2),
                HaltingRangeSource.readAll(RECORDS, 2), true, tag, second);
        env.restoreFromCheckpoint(dir);
        env.execute("new source");
        assertExactCounts(2 * (RECORDS / KEYS), 2, List.of(first, second));
        assertTally(tag, 2, 2 * RECORDS);
    }

    /** Two sources without uids (ids by their index among the sources), declared in swapped order on restore. */
    private StreamExecutionEnvironment swappable(boolean swapped, HaltingRangeSource a, HaltingRangeSource b,
                                                 CollectSink<long[]> sink) {
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.noRestart());
        DataStream<Long> sa;
        DataStream<Long> sb;
        if (swapped) {
            sb = env.fromSource(b, "B", Types.LONG).map(v -> v + 1_000_000).name("B+1M");
            sa = env.fromSource(a, "A", Types.LONG).map(v -> v).name("A");
        } else {
            sa = env.fromSource(a, "A", Types.LONG).map(v -> v).name("A");
            sb = env.fromSource(b, "B", Types.LONG).map(v -> v + 1_000_000).name("B+1M");
        }
        sa.union(sb).keyBy(v -> v / 1_000_000).process(new RestoreFromRetainedCheckpointTest.Count()).uid("count")
                .name("count").addSink(sink);
        return env;
    }

    /** Two sources without uids declared in the other order: refused (their names moved), never swapped. */
    @Test
    void break_two_sources_without_uids_declared_in_swapped_order_are_exact_or_refused() {
        CollectSink<long[]> first = newSink();
        String dir = dieAt(swappable(false, HaltingRangeSource.dyingAt(RECORDS, 2, 0.5),
                HaltingRangeSource.dyingAt(RECORDS / 3, 2, 0.5), first));
        CollectSink<long[]> second = newSink();
        StreamExecutionEnvironment env = swappable(true, HaltingRangeSource.readAll(RECORDS, 2),
                HaltingRangeSource.readAll(RECORDS / 3, 2), second);
        env.restoreFromCheckpoint(dir);
        try {
            env.execute("swapped");
        } catch (Exception refused) {
            return; // refused at start: acceptable
        }
        Map<Long, Long> counts = new HashMap<>();
        List<long[]> all = new ArrayList<>(first.results());
        all.addAll(second.results());
        all.forEach(kc -> counts.merge(kc[0], kc[1], Math::max));
        assertEquals(Map.of(0L, RECORDS, 1L, RECORDS / 3), counts,
                "records per source (key 0: A, key 1: B) after restoring with the sources declared in swapped order");
    }

    /** keyBy -> keyed function with no state -> chained map with operator list state, rescaled. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2, 3", "3, 2", "2, 5"})
    void break_chain_keyed_stateless_middle_then_operator_list_state_last(int before, int after) throws Exception {
        CollectSink<Long> first = newSink();
        JobClient died = keyedStatelessChain(before, HaltingRangeSource.dyingAt(RECORDS, 3, 0.5),
                "x" + UUID.randomUUID(), first).executeAsync("dies");
        assertThrows(Exception.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        String tag = UUID.randomUUID().toString();
        CollectSink<Long> second = newSink();
        StreamExecutionEnvironment env = keyedStatelessChain(after, HaltingRangeSource.readAll(RECORDS, 3), tag,
                second);
        env.restoreFromCheckpoint(checkpoints.resolve(died.getJobID()).toString());
        env.execute("restored");
        assertTally(tag, after, RECORDS);
    }

    private StreamExecutionEnvironment keyedStatelessChain(int p, HaltingRangeSource source, String tag,
                                                           CollectSink<Long> sink) {
        StreamExecutionEnvironment env = env(p);
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSource(source, "numbers", Types.LONG)
                .keyBy(v -> v % KEYS)
                .process(new PassThrough()).name("keyed stateless")
                .map(new Tally(tag)).name("tally")
                .addSink(sink);
        return env;
    }

    static final class PassThrough extends KeyedProcessFunction<Long, Long, Long> {
        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            out.collect(value);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Functions

    /** Counts records in operator list state and a union list; reports restored sums and its final count. */
    static final class Tally extends RichMapFunction<Long, Long> implements CheckpointedFunction {
        private final String tag;
        private transient ListState<Long> stored;
        private transient ListState<Long> union;
        private long count;
        private int subtask;

        Tally(String tag) {
            this.tag = tag;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            stored = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Long.class));
            union = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("all", Long.class));
            count = 0;
            for (Long c : stored.get()) {
                count += c;
            }
            if (context.isRestored()) {
                long u = 0;
                for (Long c : union.get()) {
                    u += c;
                }
                RESTORED.computeIfAbsent(tag, t -> new ConcurrentHashMap<>()).put(subtask, count);
                RESTORES.merge(tag, 1, Integer::sum);
                UNION.computeIfAbsent(tag, t -> new ConcurrentHashMap<>()).put(subtask, u);
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
            FINAL.computeIfAbsent(tag, t -> new ConcurrentHashMap<>()).put(subtask, count);
        }
    }

    /** Fails once (per tag), at its first record after a checkpoint completed. */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<Long, Long> implements CheckpointListener {
        private final String tag;
        private transient volatile boolean checkpointed;

        FailOnceAfterCheckpoint(String tag) {
            this.tag = tag;
        }

        @Override
        public Long map(Long value) {
            if (tag != null && checkpointed && FAILED_ONCE.add(tag)) {
                throw new IllegalStateException("dies once after a checkpoint of the restored run");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
