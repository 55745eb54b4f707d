package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.SinkFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint written by FlinkStream before typed serializers (keyed state format 3, Java-serialized source splits)
 * still restores. The checkpoint under {@code src/test/resources/checkpoints/format3} was taken by the previous
 * release running this job (10,000,000 numbers, counted per key {@code v % 50}) until it failed after its second
 * checkpoint.
 */
class Format3RestoreTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 10_000_000;
    private static final int KEYS = 50;

    @TempDir
    Path dir;

    @Test
    void given_a_format_3_checkpoint_when_the_same_job_restores_from_it_then_every_count_is_exact() throws Exception {
        // Given the old checkpoint, copied where a job can read it
        Path checkpoint = copyResource("checkpoints/format3/chk-2", dir.resolve("old/chk-2"));

        // When the job restores from it and runs to the end
        MaxPerKey.COUNTS.clear();
        StreamExecutionEnvironment env = env(2);
        env.restoreFromCheckpoint(checkpoint.toString());
        env.fromSequence(0, RECORDS - 1).map(new Identity()).keyBy(v -> v % KEYS).process(new Count())
                .addSink(new MaxPerKey());
        env.execute("restore format 3");

        // Then every key counted every number once: the restored counts plus what was read after the checkpoint
        assertEquals(KEYS, MaxPerKey.COUNTS.size());
        MaxPerKey.COUNTS.forEach((key, count) -> assertEquals(RECORDS / KEYS, count, "count of key " + key));
        assertTrue(MaxPerKey.RECORDS_SEEN.sum() < RECORDS, "the job started from the checkpoint, not from scratch");
    }

    /** The highest count seen per key; the job's last count of a key is its final count. */
    static final class MaxPerKey implements SinkFunction<long[]> {
        static final Map<Long, Long> COUNTS = new ConcurrentHashMap<>();
        static final LongAdder RECORDS_SEEN = new LongAdder();

        @Override
        public void invoke(long[] keyAndCount, Context context) {
            RECORDS_SEEN.increment();
            COUNTS.merge(keyAndCount[0], keyAndCount[1], Math::max);
        }
    }

    private static Path copyResource(String resource, Path target) throws Exception {
        Path source = Path.of(Format3RestoreTest.class.getClassLoader().getResource(resource).toURI());
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    /** The old job's map, which held no state. */
    static final class Identity implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) {
            return value;
        }
    }

    /** The old job's count, reporting each key's count after every number. */
    static final class Count extends KeyedProcessFunction<Long, Long, long[]> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<long[]> out) throws Exception {
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(new long[] {ctx.getCurrentKey(), next});
        }
    }

}
