package io.flinkstream.breakit;

import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.tuple.Tuple3;
import io.flinkstream.breakit.BreakKeyDerivationTest.Book;
import io.flinkstream.breakit.BreakKeyDerivationTest.Desk;
import io.flinkstream.breakit.BreakKeyDerivationTest.MapAndListCount;
import io.flinkstream.breakit.BreakKeyDerivationTest.Misbehaviour;
import io.flinkstream.breakit.BreakKeyDerivationTest.SecondCallSelector;
import io.flinkstream.breakit.BreakKeyDerivationTest.Trade;
import io.flinkstream.breakit.BreakKeyDerivationTest.ValueCount;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.cluster.InJvmCluster;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static io.flinkstream.breakit.BreakKeyDerivationTest.RECORDS;
import static io.flinkstream.breakit.BreakKeyDerivationTest.causes;
import static io.flinkstream.breakit.BreakKeyDerivationTest.runningCounts;
import static io.flinkstream.breakit.BreakKeyDerivationTest.trades;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key derivation where it matters: three nodes in one JVM (as in {@code ClusterJobTest}), so that batches between
 * nodes always go serialized and the receiving node derives every key again. Tuple3 keys with null fields and unicode
 * (lone surrogates too), POJO keys with negative hash codes and record keys, keyBy after keyBy at other parallelisms:
 * exact per-key results, with local batches serialized or by reference; a key selector misbehaving on the receiving
 * node fails the job naming the keyBy.
 */
class BreakKeyDerivationClusterTest {
    private static List<FlinkStreamNode> NODES;
    private final List<CollectSink<?>> sinks = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        NODES = InJvmCluster.start("break-key-derivation", null);
    }

    @AfterAll
    static void stopCluster() {
        InJvmCluster.stop(NODES);
    }

    @AfterEach
    void freeSinks() {
        sinks.forEach(CollectSink::clear);
    }

    private static long batchesSent() {
        return InJvmCluster.batchesSent(NODES);
    }

    private StreamExecutionEnvironment env(boolean serializeLocal) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(NODES.get(0));
        env.setParallelism(3);
        env.getConfig().setSerializeLocalBatches(serializeLocal).setBatchSize(32);
        env.setRestartStrategy(RestartStrategies.noRestart());
        return env;
    }

    private <T> CollectSink<T> newSink() {
        CollectSink<T> sink = new CollectSink<>();
        sinks.add(sink);
        return sink;
    }

    @ParameterizedTest(name = "serialize local batches: {0}")
    @ValueSource(booleans = {true, false})
    void when_tuple_pojo_and_record_keys_cross_nodes_then_every_count_equals_plain_java(boolean serializeLocal)
            throws Exception {
        // Given: Tuple3 keys (null fields, unicode), then Desk POJO keys (negative hash codes) at parallelism 2,
        // then Book record keys at parallelism 3
        List<Trade> trades = trades();
        List<String> perTuple = runningCounts(trades, t -> Tuple3.of(t.account, t.id, t.bucket));
        List<String> perDesk = runningCounts(perTuple, s -> new Desk(s.substring(0, s.lastIndexOf('=')),
                (int) (Long.parseLong(s.substring(s.lastIndexOf('=') + 1)) % 4)));
        List<String> expected = runningCounts(perDesk, s -> new Book(s.substring(0, s.lastIndexOf('=')),
                Long.parseLong(s.substring(s.lastIndexOf('=') + 1)) % 2));
        long batchesBefore = batchesSent();

        StreamExecutionEnvironment env = env(serializeLocal);
        CollectSink<String> sink = newSink();
        env.fromSequence(0, RECORDS - 1)
                .map(Trade::of).returns(Trade.class).name("trade")
                .keyBy(t -> Tuple3.of(t.account, t.id, t.bucket))
                .process(new ValueCount<>()).name("per tuple")
                .keyBy(s -> new Desk(s.substring(0, s.lastIndexOf('=')),
                        (int) (Long.parseLong(s.substring(s.lastIndexOf('=') + 1)) % 4)))
                .process(new ValueCount<>()).name("per desk").setParallelism(2)
                .keyBy(s -> new Book(s.substring(0, s.lastIndexOf('=')),
                        Long.parseLong(s.substring(s.lastIndexOf('=') + 1)) % 2))
                .process(new MapAndListCount<>()).name("per book")
                .addSink(sink);

        // When
        env.execute("keys across nodes, serialize local " + serializeLocal);

        // Then
        List<String> results = new ArrayList<>(sink.results());
        results.sort(null);
        assertEquals(expected.size(), results.size(), "records out");
        assertEquals(expected, results);
        assertTrue(batchesSent() > batchesBefore, "no record batch crossed the wire");
    }

    @Test
    void when_the_selector_returns_null_only_where_records_arrive_then_the_cluster_job_fails_naming_the_keyby() {
        // Given: every batch serialized, so every record's key is derived a second time where it arrives
        BreakKeyDerivationTest.reset();
        StreamExecutionEnvironment env = env(true);
        env.fromSequence(0, RECORDS - 1)
                .keyBy(new SecondCallSelector(Misbehaviour.NULL))
                .process(new ValueCount<>()).name("mod seven")
                .addSink(newSink());

        // When
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("null on arrival"));

        // Then
        assertFalse(BreakKeyDerivationTest.ARMED.get(), "the selector misbehaved");
        String all = causes(e);
        assertTrue(all.contains("keyBy before mod seven") && all.contains("null key")
                && all.contains("serialized and read back"), all);
    }
}
