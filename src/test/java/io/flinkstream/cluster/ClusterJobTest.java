package io.flinkstream.cluster;

import io.flinkstream.api.Collector;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.SerializedThrowable;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.connectors.ExactlyOnceFileSink;
import io.flinkstream.connectors.TestSinks;
import io.flinkstream.runtime.network.frames.WireTraffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes in one JVM (three actor systems on 127.0.0.1, talking over Artery TCP) run keyed, checkpointed jobs
 * with an exactly-once sink: the subtasks spread over the nodes, record batches cross between them serialized, and
 * the committed output is exactly what one JVM produces — also when a subtask fails and the job restarts from a
 * checkpoint. Until job graphs are distributed by the cluster itself, the two other nodes find a job in the first
 * node's registry (the {@code JobRegistry.resolveWith} seam).
 */
class ClusterJobTest {
    private static final int KEYS = 40;
    private static final long RECORDS = 40_000;
    /** Enough for checkpoints to complete before the failure the job is to restore from. */
    private static final long RECORDS_WITH_FAILURE = 300_000;
    private static List<FlinkStreamNode> NODES;

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void startCluster() {
        NODES = InJvmCluster.start("cluster-job-test", checkpoints);
    }

    @AfterAll
    static void stopCluster() {
        InJvmCluster.stop(NODES);
    }

    @Test
    void given_tuples_when_a_keyed_job_runs_on_three_nodes_then_its_committed_output_is_exact(@TempDir Path out)
            throws Exception {
        runAndCheck(out, RECORDS, new ToTuple(), (KeySelector<Tuple2<String, Long>, String>) t -> t.f0, -1);
    }

    @Test
    void given_pojos_and_a_failure_when_the_job_restarts_from_a_checkpoint_then_its_output_is_still_exact(
            @TempDir Path out) throws Exception {
        runAndCheck(out, RECORDS_WITH_FAILURE, new ToOrder(), (KeySelector<Order, String>) o -> o.customer, 0);
    }

    @Test
    void given_strings_when_a_keyed_job_runs_on_three_nodes_then_its_committed_output_is_exact(@TempDir Path out)
            throws Exception {
        runAndCheck(out, RECORDS, new ToLine(), (KeySelector<String, String>) s -> s.substring(0, s.indexOf(':')),
                -1);
    }

    @Test
    void given_a_subtask_failing_on_another_node_when_restarts_are_exhausted_then_the_job_shows_its_exception() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.fromSequence(0, RECORDS - 1)
                .keyBy(v -> v % KEYS)
                .map(v -> {
                    if (v == 1234) {
                        throw new IllegalArgumentException("bad record " + v);
                    }
                    return v;
                }).name("picky map")
                .addSink(new io.flinkstream.connectors.DiscardingSink<>());

        JobExecutionException failure = assertThrows(JobExecutionException.class, () -> env.execute("picky"));

        assertTrue(failure.getMessage().contains("picky map"), failure.getMessage());
        Throwable cause = failure.getCause();
        // Where the failing subtask ran decides which: the exception itself on the master's node, else its copy.
        String described = cause instanceof SerializedThrowable remote ? remote.getOriginalClassName()
                : cause.getClass().getName();
        assertEquals(IllegalArgumentException.class.getName(), described);
        assertEquals("bad record 1234", cause.getMessage());
    }

    /** Holds a thread: no serializer can write one. */
    public static final class HoldsThread {
        public Thread thread = Thread.currentThread();
    }

    @Test
    void when_a_record_cannot_be_written_to_another_node_then_the_job_fails_without_restarts_naming_the_edge() {
        // Given records no serializer writes, sent round-robin to subtasks on every node; object reuse, so no copy
        // between chained operators catches them before the network does
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.getConfig().enableObjectReuse();
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(100, Duration.ZERO));
        env.fromSequence(1, 300)
                .map(v -> new HoldsThread()).returns(io.flinkstream.api.typeinfo.Types.GENERIC(HoldsThread.class))
                .name("hold")
                .rebalance()
                .addSink(new io.flinkstream.connectors.DiscardingSink<>()).name("discard");

        // When
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("unwritable"));

        // Then: no restart loop, and the message names the edge and the record's class
        Throwable cause = e.getCause();
        assertTrue(io.flinkstream.api.SuppressRestartsException.isIn(cause), String.valueOf(cause));
        assertTrue(cause.getMessage().startsWith("In the records of operator 'hold' to 'discard'"),
                cause.getMessage());
        assertTrue(cause.getMessage().contains(HoldsThread.class.getName()), cause.getMessage());
    }

    /** What {@link Collect} received, by test: the sink's subtasks run on all three nodes, all in this JVM. */
    private static final Map<String, java.util.Queue<String>> COLLECTED = new ConcurrentHashMap<>();

    /** Collects every record into {@link #COLLECTED} under its test's name. */
    public static final class Collect implements io.flinkstream.api.SinkFunction<String> {
        private final String test;

        Collect(String test) {
            this.test = test;
        }

        @Override
        public void invoke(String value, Context context) {
            COLLECTED.computeIfAbsent(test, t -> new java.util.concurrent.ConcurrentLinkedQueue<>()).add(value);
        }
    }

    /**
     * Record {@code v}: its number, then padding: most small, three in a row large every {@code largeEvery} records,
     * so that round robin sends one to each subtask, at least two of them on another node.
     */
    private static String padded(long v, int smallBytes, long largeEvery, int largeBytes) {
        int pad = v % largeEvery < 3 ? largeBytes : smallBytes;
        return v + ":" + Character.toString('a' + (int) (v % 26)).repeat(pad);
    }

    @Test
    void when_records_of_a_few_kilobytes_cross_nodes_then_batches_split_by_bytes_and_each_arrives_once_intact()
            throws Exception {
        // Given records of ~2 KB, and three in 500 of ~200 KB: 1,024 of the small ones alone (~2 MB) or a large one
        // with the small ones before it would be more than Artery's 256 KiB frame, which drops such a message
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSequence(1, 6_000)
                .map(v -> padded(v, 2_000, 500, 200_000)).returns(String.class).name("pad")
                .rebalance()
                .addSink(new Collect("few-kb")).name("collect");

        // When
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> env.execute("kilobyte records"));

        // Then: every record once, byte for byte
        List<String> got = new ArrayList<>(COLLECTED.get("few-kb"));
        assertEquals(6_000, got.size());
        Collections.sort(got, java.util.Comparator.comparingLong(r -> Long.parseLong(r.substring(0, r.indexOf(':')))));
        for (int i = 0; i < got.size(); i++) {
            long v = i + 1;
            if (!got.get(i).equals(padded(v, 2_000, 500, 200_000))) {
                throw new AssertionError("record " + v + " arrived changed or out of place: "
                        + got.get(i).substring(0, Math.min(40, got.get(i).length())) + "...");
            }
        }
        assertTrue(WireTraffic.get(NODES.get(0).system()).batchesSent() > 0, "no batch crossed between nodes");
    }

    @Test
    void when_one_record_is_larger_than_a_message_between_nodes_may_be_then_the_job_fails_saying_what_to_change() {
        // Given small records and, among them, some of ~300 KB: more than Artery's 256 KiB frame, which would drop it
        // and leave the job waiting forever
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(100, Duration.ZERO));
        env.fromSequence(1, 6_000)
                .map(v -> padded(v, 10, 1_000, 300_000)).returns(String.class).name("pad")
                .rebalance()
                .addSink(new io.flinkstream.connectors.DiscardingSink<>()).name("discard");

        // When
        JobExecutionException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(JobExecutionException.class, () -> env.execute("one big record")));

        // Then: no restart loop, and the message says which limit, the record's size and what to change
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            causes.append(t.getMessage()).append('\n');
        }
        assertTrue(io.flinkstream.api.SuppressRestartsException.isIn(e), causes.toString());
        assertTrue(causes.toString().contains("Raise akka.remote.artery.advanced.maximum-frame-size on every node")
                && causes.toString().contains("A record from operator 'pad' to another node is 300")
                && causes.toString().contains("operator 'pad'"), causes.toString());
    }

    /** Written fine, but reading one back throws: its no-argument constructor, which a reader calls, refuses. */
    public static final class UnreadableRecord {
        public long value;

        public UnreadableRecord() {
            throw new IllegalStateException("this record cannot be read back");
        }

        UnreadableRecord(long value) {
            this.value = value;
        }
    }

    @Test
    void when_a_record_from_another_node_cannot_be_read_then_the_job_fails_naming_the_edge() {
        // Given records that only a reader fails on, sent round-robin to subtasks on every node
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.getConfig().enableObjectReuse();
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSequence(1, 300)
                .map(UnreadableRecord::new).returns(io.flinkstream.api.typeinfo.Types.GENERIC(UnreadableRecord.class))
                .name("make")
                .rebalance()
                .addSink(new io.flinkstream.connectors.DiscardingSink<>()).name("discard");

        // When
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("unreadable"));

        // Then the receiving operator fails, and the cause names the edge the batch came on
        assertTrue(e.getMessage().contains("'discard'"), e.getMessage());
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            causes.append(t).append('\n');
        }
        assertTrue(causes.toString().contains("'make' to 'discard'"), causes.toString());
    }

    private <T> void runAndCheck(Path out, long records, MapFunction<Long, T> toRecord, KeySelector<T, String> key,
                                 long failAt) throws Exception {
        long bytesBefore = totalBatchBytesSent();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.enableCheckpointing(20);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        // With a failure to inject, the input is paced (about 1.5 s) so that a checkpoint completes before the source
        // subtask that fails has read its range, however fast the machine: the failure comes after a checkpoint.
        io.flinkstream.connectors.SequenceSource numbers = new io.flinkstream.connectors.SequenceSource(0, records - 1);
        env.fromSource(failAt >= 0 ? numbers.withRatePerSecond(200_000) : numbers, "Sequence Source")
                .map(new FailOnceAt(failAt)).name("failing map")
                .map(toRecord)
                .keyBy(key)
                .process(new CountPerKey<>(key))
                .addSink(new ExactlyOnceFileSink<>(out.toString()));

        io.flinkstream.api.JobExecutionResult result = env.execute("cluster job");

        assertEquals(expectedLines(records), TestSinks.committedLines(out), "committed output, sorted");
        // Each subtask is a shard, which stays allocated to the node it ran on: 6 subtasks, 2 on each node.
        List<Integer> subtasksPerNode = NODES.stream().map(node -> shardsOf(node, result.getJobID())).toList();
        assertEquals(List.of(2, 2, 2), subtasksPerNode, "subtasks of the job on each node");
        assertTrue(totalBatchBytesSent() > bytesBefore, "no record batch crossed the wire");
        assertTrue(result.metrics().completedCheckpoints() > 0, "no checkpoint completed");
        if (failAt >= 0) {
            assertEquals(1, result.metrics().restarts(), "restarts after the injected failure");
            assertTrue(result.metrics().checkpointCounts().restored() > 0, "the restart restored no checkpoint");
        }
    }

    /** How many subtasks (shards) of the job the node hosts, or has hosted since the job's end. */
    private static int shardsOf(FlinkStreamNode node, String jobId) {
        try {
            return (int) akka.actor.typed.javadsl.AskPattern.<akka.cluster.sharding.typed.ClusterShardingQuery,
                            akka.cluster.sharding.ShardRegion.CurrentShardRegionState>ask(
                            akka.cluster.sharding.typed.javadsl.ClusterSharding.get(node.system()).shardState(),
                            replyTo -> new akka.cluster.sharding.typed.GetShardRegionState(
                                    io.flinkstream.runtime.task.SubtaskActor.TYPE_KEY, replyTo),
                            Duration.ofSeconds(5), node.system().scheduler())
                    .toCompletableFuture().get().getShards().stream()
                    .filter(shard -> shard.shardId().startsWith(jobId + "/")).count();
        } catch (Exception e) {
            throw new AssertionError("Could not ask node " + node.system().address() + " for its shards", e);
        }
    }

    private static long totalBatchBytesSent() {
        return NODES.stream().mapToLong(n -> WireTraffic.get(n.system()).batchBytesSent()).sum();
    }

    /** What one JVM commits: for every key, one line per count from 1 to the key's number of records. */
    private static List<String> expectedLines(long records) {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            for (long c = 1; c <= records / KEYS; c++) {
                lines.add("k" + k + "=" + c);
            }
        }
        Collections.sort(lines);
        return lines;
    }


    /** A POJO record: public fields and a no-argument constructor. */
    public static final class Order {
        public String customer;
        public long amount;

        public Order() {
        }

        Order(String customer, long amount) {
            this.customer = customer;
            this.amount = amount;
        }
    }

    static final class ToTuple implements MapFunction<Long, Tuple2<String, Long>> {
        @Override
        public Tuple2<String, Long> map(Long v) {
            return Tuple2.of("k" + (v % KEYS), v);
        }
    }

    static final class ToOrder implements MapFunction<Long, Order> {
        @Override
        public Order map(Long v) {
            return new Order("k" + (v % KEYS), v);
        }
    }

    static final class ToLine implements MapFunction<Long, String> {
        @Override
        public String map(Long v) {
            return "k" + (v % KEYS) + ":" + v;
        }
    }

    /**
     * Throws once, in the first attempt of its first subtask, at the first record from {@code failAt} on that comes
     * after a checkpoint completed (never when {@code failAt} is negative): so the restart has a checkpoint to
     * restore.
     */
    static final class FailOnceAt extends RichMapFunction<Long, Long> implements io.flinkstream.api.CheckpointListener {
        private final long failAt;
        private transient boolean checkpointed;

        FailOnceAt(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public Long map(Long value) {
            if (failAt >= 0 && checkpointed && value >= failAt
                    && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                throw new IllegalStateException("injected failure at " + value);
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    /** Counts per key in keyed state, emitting {@code key=count} for every record. */
    static final class CountPerKey<T> extends KeyedProcessFunction<String, T, String> {
        private final KeySelector<T, String> key;
        private transient ValueState<Long> count;

        CountPerKey(KeySelector<T, String> key) {
            this.key = key;
        }

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(T value, Context ctx, Collector<String> out) throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect(key.getKey(value) + "=" + next);
        }
    }
}
