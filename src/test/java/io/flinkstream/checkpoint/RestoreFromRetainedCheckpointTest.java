package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * A job that died for good (no restarts) is started again, as a new job, from its retained checkpoint: it continues
 * exactly-once from there.
 */
class RestoreFromRetainedCheckpointTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 2_000_000;
    private static final int KEYS = 500;

    @TempDir
    Path checkpoints;

    @Test
    void given_a_failed_job_with_retained_checkpoints_when_a_new_job_starts_from_them_then_counts_are_exact()
            throws Exception {
        // Given a first run that fails for good once a checkpoint has completed
        CollectSink<long[]> firstOutput = newSink();
        StreamExecutionEnvironment first = countingJob(firstOutput, true);
        first.setRestartStrategy(RestartStrategies.noRestart());
        JobClient died = first.executeAsync("first run");
        assertThrows(Exception.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));

        // When a new job starts from the latest checkpoint in the first run's directory
        CollectSink<long[]> secondOutput = newSink();
        StreamExecutionEnvironment second = countingJob(secondOutput, false);
        second.restoreFromCheckpoint(checkpoints.resolve(died.getJobID()).toString());
        second.execute("second run");

        // Then together they counted every record exactly once
        List<long[]> all = new ArrayList<>(firstOutput.results());
        all.addAll(secondOutput.results());
        Map<Long, Long> finalCounts = new HashMap<>();
        all.forEach(kc -> finalCounts.merge(kc[0], kc[1], Math::max));
        assertEquals(KEYS, finalCounts.size());
        finalCounts.forEach((key, count) -> assertEquals(RECORDS / KEYS, count, "count of key " + key));
        assertTrue(secondOutput.results().size() < RECORDS, "the second run did not start from scratch");
    }

    @Test
    void when_the_restore_path_holds_no_checkpoint_then_the_job_fails_saying_what_to_give() {
        // Given
        StreamExecutionEnvironment env = countingJob(newSink(), false);
        env.restoreFromCheckpoint(checkpoints.resolve("nothing-here").toString());

        // When
        JobExecutionException failure = assertThrows(JobExecutionException.class, () -> env.execute("bad restore"));

        // Then
        assertTrue(failure.getMessage().contains("cannot start from checkpoint"), failure.getMessage());
        assertTrue(failure.getMessage().contains("_metadata"), failure.getMessage());
    }

    private StreamExecutionEnvironment countingJob(CollectSink<long[]> sink, boolean failAfterCheckpoint) {
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.fromSequence(0, RECORDS - 1)
                .map(new FailAfterCheckpoint(failAfterCheckpoint))
                .keyBy(v -> v % KEYS)
                .process(new Count())
                .addSink(sink);
        return env;
    }

    /** Fails at its first record after a checkpoint completed, when asked to. */
    static final class FailAfterCheckpoint extends RichMapFunction<Long, Long> implements CheckpointListener {
        private final boolean fail;
        private transient volatile boolean checkpointed;

        FailAfterCheckpoint(boolean fail) {
            this.fail = fail;
        }

        @Override
        public Long map(Long value) {
            if (fail && checkpointed) {
                throw new IllegalStateException("the process dies after a checkpoint");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

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
