package io.flinkstream.breakit;

import io.flinkstream.api.CheckpointingMode;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FlatMapFunction;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.SinkFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.SuppressRestartsException;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.cluster.InJvmCluster;
import io.flinkstream.connectors.ExactlyOnceFileSink;
import io.flinkstream.connectors.TestSinks;
import io.flinkstream.connectors.SequenceSource;
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
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks byte-bounded batches where the wire matters: three nodes in one JVM (Artery TCP, default 256 KiB frames and
 * 64 KiB batches), as in {@code ClusterJobTest}. Records one byte either side of the 64 KiB target, empty and ~200 KB
 * ones, over rebalance and keyed edges with exactly-once checkpoints and a failure; a record exactly as large as a
 * batch may be and one a byte larger; and a flat map that catches what its {@code collect} throws.
 */
class BreakRemoteBatchesTest {
    private static List<FlinkStreamNode> NODES;
    /** Bytes of records a batch frame may carry: the 256 KiB frame less 4 KiB for the envelope. */
    private static final int MAX_BATCH_BYTES = 256 * 1024 - 4096;

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void startCluster() {
        NODES = InJvmCluster.start("break-remote-batches", checkpoints);
    }

    @AfterAll
    static void stopCluster() {
        InJvmCluster.stop(NODES);
    }

    private static long batchesSent() {
        return InJvmCluster.batchesSent(NODES);
    }

    @Test
    void given_odd_sized_records_across_nodes_with_exactly_once_and_a_failure_then_the_committed_output_is_exact(
            @TempDir Path out) throws Exception {
        // Given: records one byte either side of 64 KiB, empty and ~200 KB ones, over a rebalance and a keyed edge
        // (both crossing nodes), barriers every 10 ms in partly filled batches, one failure after a checkpoint
        long records = 1_800;
        long batchesBefore = batchesSent();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.getConfig().setCreditsPerChannel(3);
        env.enableCheckpointing(10, CheckpointingMode.EXACTLY_ONCE);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        env.fromSource(new SequenceSource(0, records - 1).withRatePerSecond(1_500), "paced")
                .map(BreakCreditJobTest::padded).returns(String.class).name("pad")
                .rebalance()
                .map(new BreakCreditJobTest.FailOnceAfterCheckpoint(records / 3)).name("fail once")
                .keyBy(s -> Long.parseLong(s.substring(0, s.indexOf(':'))) % 7)
                .process(new BreakCreditJobTest.CheckAndCount(0)).name("count")
                .addSink(new ExactlyOnceFileSink<>(out.toString()));

        // When
        JobExecutionResult result = assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> env.execute("odd sizes across nodes"));

        // Then
        assertEquals(BreakCreditJobTest.expectedLines(records), TestSinks.committedLines(out));
        assertEquals(1, result.metrics().restarts(), "restarts after the injected failure");
        assertTrue(result.metrics().checkpointCounts().restored() > 0, "the restart restored no checkpoint");
        assertTrue(batchesSent() > batchesBefore, "no batch crossed between nodes");
    }

    /** What {@link Collect} received, by test. */
    private static final Map<String, Queue<String>> COLLECTED = new ConcurrentHashMap<>();

    /** Collects every record under its test's name (the sink's subtasks run on all three nodes, in this JVM). */
    public static final class Collect implements SinkFunction<String> {
        private final String test;

        Collect(String test) {
            this.test = test;
        }

        @Override
        public void invoke(String value, Context context) {
            COLLECTED.computeIfAbsent(test, t -> new ConcurrentLinkedQueue<>()).add(value);
        }
    }

    /**
     * Record {@code v} of a string whose serialized size (a 3-byte length and ASCII chars) is {@code bytes}, or a
     * short one.
     */
    static String sized(long v, int bytes) {
        String number = v + ":";
        return number + "z".repeat(bytes - 3 - number.length());
    }

    @Test
    void when_records_are_exactly_as_large_as_a_batch_to_another_node_may_be_then_each_arrives_intact() {
        // Given: every third record is exactly the limit; round robin sends them to every node
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSequence(1, 30)
                .map(v -> v % 3 == 0 ? sized(v, MAX_BATCH_BYTES) : v + ":").returns(String.class).name("size")
                .rebalance()
                .addSink(new Collect("exact")).name("collect");

        // When: a frame Artery drops would leave the job waiting for it
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> env.execute("exactly the limit"));

        // Then
        List<String> got = new ArrayList<>(COLLECTED.get("exact"));
        got.sort(java.util.Comparator.comparingLong(r -> Long.parseLong(r.substring(0, r.indexOf(':')))));
        List<String> expected = new ArrayList<>();
        for (long v = 1; v <= 30; v++) {
            expected.add(v % 3 == 0 ? sized(v, MAX_BATCH_BYTES) : v + ":");
        }
        assertEquals(expected.size(), got.size());
        assertTrue(expected.equals(got), "a record arrived changed");
    }

    @Test
    void when_a_record_is_one_byte_larger_than_a_batch_to_another_node_may_be_then_the_job_fails_naming_its_size() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(100, Duration.ZERO));
        env.fromSequence(1, 30)
                .map(v -> v % 3 == 0 ? sized(v, MAX_BATCH_BYTES + 1) : v + ":").returns(String.class).name("size")
                .rebalance()
                .addSink(new io.flinkstream.connectors.DiscardingSink<>()).name("discard");

        JobExecutionException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(JobExecutionException.class, () -> env.execute("one byte too many")));

        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            causes.append(t.getMessage()).append('\n');
        }
        assertTrue(SuppressRestartsException.isIn(e), causes.toString());
        assertTrue(causes.toString().contains("is " + (MAX_BATCH_BYTES + 1) + " bytes serialized, more than the "
                + MAX_BATCH_BYTES + " bytes"), causes.toString());
    }

    /** Refused records, by test. */
    private static final Map<String, AtomicLong> REFUSED = new ConcurrentHashMap<>();

    /**
     * Emits each small record once and each large one three times (so round robin offers it to every node), and
     * catches what {@code collect} throws, counting it: legal code, as a flat map may guard its output.
     */
    static final class GuardedEmit implements FlatMapFunction<Long, String> {
        private final String test;

        GuardedEmit(String test) {
            this.test = test;
        }

        @Override
        public void flatMap(Long v, Collector<String> out) {
            int copies = v % 50 == 0 ? 3 : 1;
            for (int i = 0; i < copies; i++) {
                try {
                    out.collect(v % 50 == 0 ? sized(v, 300_000) : v + ":small");
                } catch (RuntimeException e) {
                    REFUSED.computeIfAbsent(test, t -> new AtomicLong()).incrementAndGet();
                }
            }
        }
    }

    @Test
    void given_a_flat_map_that_catches_a_refused_record_then_every_other_record_arrives_once() {
        // Given: small records, and every 50th of 300 KB (larger than a batch to another node may be)
        String test = "guarded";
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSequence(1, 3_000)
                .flatMap(new GuardedEmit(test)).returns(String.class).name("guarded")
                .rebalance()
                .addSink(new Collect(test)).name("collect");

        // When
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> env.execute("guarded emit"));

        // Then: all small records once; each large one either arrived (to a subtask on the same node) or was refused
        List<String> small = new ArrayList<>();
        long large = 0;
        for (String r : COLLECTED.get(test)) {
            if (r.endsWith(":small")) {
                small.add(r);
            } else {
                large++;
            }
        }
        List<String> expectedSmall = new ArrayList<>();
        for (long v = 1; v <= 3_000; v++) {
            if (v % 50 != 0) {
                expectedSmall.add(v + ":small");
            }
        }
        Collections.sort(small);
        Collections.sort(expectedSmall);
        assertEquals(expectedSmall, small, "small records lost or repeated");
        long refused = REFUSED.getOrDefault(test, new AtomicLong()).get();
        assertTrue(refused > 0, "no record was refused: none went to another node");
        assertEquals(3 * (3_000 / 50), large + refused);
    }
}
