package io.flinkstream.runtime;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointingMode;
import io.flinkstream.api.DataStream;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.SuppressRestartsException;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.runtime.network.Player;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serialize-local-batches mode end to end: every batch crosses each network edge as bytes, written and read with
 * the edge's serializers, and the job's result is the same as by reference — for tuples and POJOs over keyed edges
 * and over a rebalance edge, with and without failures to recover from.
 */
class SerializedBatchesTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 20_000;
    private static final long KEYS = 100;

    /** For each key k, the sum of the values v in [0, RECORDS) with v % KEYS == k. */
    private static Map<Long, Double> expectedSums() {
        Map<Long, Double> sums = new HashMap<>();
        LongStream.range(0, RECORDS).forEach(v -> sums.merge(v % KEYS, (double) v, Double::sum));
        return sums;
    }

    /**
     * source -> map to (v % KEYS, v) -> keyBy f0 -> running sum -> rebalance -> map to a Player whose score is the sum
     * -> keyBy id -> highest score per player -> sink. Three network edges: Tuple2 keyed by Long, Tuple2 rebalanced,
     * Player keyed by Long.
     */
    private static DataStream<Player> pipeline(StreamExecutionEnvironment env, RichMapFunction<Player, Player> probe) {
        return env.fromSequence(0, RECORDS - 1)
                .map(v -> Tuple2.of(v % KEYS, v)).returns(new TypeHint<Tuple2<Long, Long>>() { }).name("pair")
                .keyBy(t -> t.f0)
                .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).name("sum")
                .rebalance()
                .map(t -> new Player(t.f0, "key-" + t.f0, t.f1, 1, t.f0 % 2 == 0)).returns(Player.class)
                .name("player").setParallelism(3)
                .map(probe).name("probe").setParallelism(3)
                .keyBy(p -> p.id)
                .reduce((a, b) -> a.score >= b.score ? a : b).name("best");
    }

    private static Map<Long, Double> bestScores(List<Player> players) {
        Map<Long, Double> best = new HashMap<>();
        players.forEach(p -> best.merge(p.id, p.score, Math::max));
        return best;
    }

    @ParameterizedTest(name = "serialize local batches: {0}")
    @ValueSource(booleans = {true, false})
    void when_tuples_and_pojos_cross_keyed_and_rebalance_edges_then_the_result_is_exact(boolean serialize)
            throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setSerializeLocalBatches(serialize).setBatchSize(64);
        CollectSink<Player> sink = newSink();
        pipeline(env, new FailAt(-1)).addSink(sink);

        // When
        env.execute("tuples and POJOs, serialized " + serialize);

        // Then every running sum arrived once, and the last one per key is the key's total
        List<Player> results = sink.results();
        assertEquals(RECORDS, results.size());
        assertEquals(expectedSums(), bestScores(results));
        for (Player p : results) {
            assertEquals("key-" + p.id, p.name);
            assertEquals(p.id % 2 == 0, p.active);
        }
    }

    @Test
    void given_checkpoints_when_a_subtask_behind_a_serialized_edge_fails_then_the_job_recovers_to_the_exact_result()
            throws Exception {
        // Given exactly-once checkpoints and one failure in the probe's first attempt
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setSerializeLocalBatches(true).setBatchSize(64);
        env.enableCheckpointing(10, CheckpointingMode.EXACTLY_ONCE);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        CollectSink<Player> sink = newSink();
        FailAt.ATTEMPTS_FAILED.set(0);
        pipeline(env, new FailAt(RECORDS / 6)).addSink(sink);

        // When
        env.execute("serialized batches with a failure");

        // Then: replays may repeat running sums, but restored state neither loses nor doubles one
        assertEquals(1, FailAt.ATTEMPTS_FAILED.get(), "the injected failure happened");
        assertEquals(expectedSums(), bestScores(sink.results()));
    }

    /** Holds a thread: the generic serializer cannot write one. */
    public static final class HoldsThread {
        public Thread thread = Thread.currentThread();
    }

    @Test
    void when_a_record_cannot_be_serialized_then_the_job_fails_without_restarts_naming_edge_and_class() {
        // Given: object reuse, so no copy between operators catches the record before the network does
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setSerializeLocalBatches(true).enableObjectReuse();
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(100, Duration.ZERO));
        env.fromSequence(1, 10)
                .map(v -> new HoldsThread()).returns(Types.GENERIC(HoldsThread.class)).name("hold")
                .rebalance()
                .addSink(new CollectSink<>()).name("collect");

        // When
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("unserializable"));

        // Then
        SuppressRestartsException cause = assertInstanceOf(SuppressRestartsException.class, e.getCause());
        assertTrue(cause.getMessage().startsWith("In the records of operator 'hold' to 'collect'"),
                cause.getMessage());
        assertTrue(cause.getMessage().contains(HoldsThread.class.getName()), cause.getMessage());
        assertTrue(e.getMessage().contains("'hold'"), e.getMessage());
    }

    /** Counts its calls: a different key each time for the same record. */
    static final AtomicLong KEY_CALLS = new AtomicLong();

    /**
     * A serialized keyed batch carries key groups, not keys: the receiver calls the key selector again, as Flink's
     * keyed operators do. One that gives another key the second time must fail the job naming the keyBy, not count the
     * record under a key of another key group (state a rescaled restore would hand to the wrong subtask).
     */
    @Test
    void given_serialized_batches_when_the_key_selector_is_not_deterministic_then_the_job_fails_naming_the_keyby() {
        // Given
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setSerializeLocalBatches(true);
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSequence(0, 999)
                .keyBy(v -> v + KEY_CALLS.incrementAndGet())
                .reduce(Long::sum).name("sum")
                .addSink(new CollectSink<>()).name("collect");

        // When
        JobExecutionException e = assertThrows(JobExecutionException.class,
                () -> env.execute("a key selector that is not deterministic"));

        // Then
        assertTrue(e.getMessage().contains("keyBy before sum"), e.getMessage());
        Throwable cause = e.getCause();
        while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("whose sender had computed key group")
                && cause.getMessage().contains("a key selector must return the same key for the same record"),
                String.valueOf(cause));
    }

    /** Identity, but throws at its {@code n}-th record in attempt 0 of subtask 0; never when n < 0. */
    static final class FailAt extends RichMapFunction<Player, Player> {
        static final AtomicInteger ATTEMPTS_FAILED = new AtomicInteger();
        private final long n;
        private transient boolean armed;
        private transient long seen;

        FailAt(long n) {
            this.n = n;
        }

        @Override
        public void open(OpenContext context) {
            armed = n >= 0 && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        }

        @Override
        public Player map(Player value) {
            if (armed && ++seen == n) {
                ATTEMPTS_FAILED.incrementAndGet();
                throw new IllegalStateException("injected failure at record " + n);
            }
            return value;
        }
    }
}
