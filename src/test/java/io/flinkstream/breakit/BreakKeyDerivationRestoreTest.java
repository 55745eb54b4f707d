package io.flinkstream.breakit;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.tuple.Tuple3;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.breakit.BreakKeyDerivationTest.Book;
import io.flinkstream.checkpoint.HaltingRangeSource;
import io.flinkstream.breakit.BreakKeyDerivationTest.MapAndListCount;
import io.flinkstream.breakit.BreakKeyDerivationTest.Trade;
import io.flinkstream.breakit.BreakKeyDerivationTest.ValueCount;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyed state written by subtasks that derived their keys from serialized batches, restored at another parallelism:
 * a run with checkpoints every 10 ms dies halfway (after a checkpoint), a new job restores its retained checkpoint at
 * another parallelism and reads on, and every key's count — through keyBy on Tuple3 keys with null fields, then keyBy
 * on record keys into ValueState, MapState and ListState — is what plain Java counts, serialized or by reference.
 */
class BreakKeyDerivationRestoreTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 20_000;

    @TempDir
    Path checkpoints;

    @ParameterizedTest(name = "serialized {0}: {1} -> {2}")
    @CsvSource({"true, 2, 3", "true, 3, 1", "false, 2, 3"})
    void when_a_run_dies_and_is_restored_at_another_parallelism_then_every_key_count_is_exact(boolean serialize,
                                                                                            int before, int after)
            throws Exception {
        // Given a run at parallelism `before` that died halfway through its input, after a checkpoint
        CollectSink<String> first = newSink();
        JobClient died = job(before, serialize, HaltingRangeSource.dyingAt(RECORDS, 1, 0.5), first).executeAsync("first run");
        Exception death = assertThrows(Exception.class,
                () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        assertTrue(String.valueOf(death.getMessage()).contains("the process dies at 0.5 of its input"), String.valueOf(death));

        // When a new job restores its retained checkpoint at parallelism `after` and reads on
        CollectSink<String> second = newSink();
        StreamExecutionEnvironment env = job(after, serialize, HaltingRangeSource.readAll(RECORDS, 1), second);
        env.restoreFromCheckpoint(checkpoints.resolve(died.getJobID()).toString());
        env.execute("second run");

        // Then the last count of every key is the plain-Java count
        Map<String, Long> last = new HashMap<>();
        List<String> all = new ArrayList<>(first.results());
        all.addAll(second.results());
        for (String r : all) {
            int eq = r.lastIndexOf('=');
            last.merge(r.substring(0, eq), Long.parseLong(r.substring(eq + 1)), Math::max);
        }
        assertEquals(expected(), last);
        assertTrue(second.results().size() < RECORDS, "the second run restored, not started over");
        assertTrue(!first.results().isEmpty(), "the first run counted before it died");
    }

    /** Per Book key, how many first-stage counts map to it. */
    private static Map<String, Long> expected() {
        Map<String, Long> firstStage = new HashMap<>();
        Map<String, Long> books = new HashMap<>();
        for (long v = 0; v < RECORDS; v++) {
            Trade t = Trade.of(v);
            String key = String.valueOf(Tuple3.of(t.account, t.id, t.bucket));
            long count = firstStage.merge(key, 1L, Long::sum);
            books.merge(new Book(key, count % 3 - 1).toString(), 1L, Long::sum);
        }
        return books;
    }

    private StreamExecutionEnvironment job(int parallelism, boolean serialize, HaltingRangeSource source,
                                           CollectSink<String> sink) {
        StreamExecutionEnvironment env = env(parallelism);
        env.getConfig().setSerializeLocalBatches(serialize).setBatchSize(16);
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSource(source, "numbers", Types.LONG)
                .map(Trade::of).returns(Trade.class).name("trade")
                .keyBy(t -> Tuple3.of(t.account, t.id, t.bucket))
                .process(new ValueCount<>()).name("per tuple").setParallelism(parallelism + 1)
                .keyBy(s -> new Book(s.substring(0, s.lastIndexOf('=')),
                        Long.parseLong(s.substring(s.lastIndexOf('=') + 1)) % 3 - 1))
                .process(new MapAndListCount<>()).name("per book")
                .addSink(sink);
        return env;
    }
}
