package io.flinkstream.checkpoint;

import com.typesafe.config.ConfigFactory;
import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.connectors.DiscardingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subtask that cannot read its state (here: operator state whose class refuses to be read back, as an incompatible
 * class would) fails its attempt at once, not after the stop timeout, and the job's error names the operator.
 * The node's stop timeout is raised to 30 s so that waiting it out cannot pass for failing fast.
 */
class FailedStateLoadTest {
    /** So many that the first run cannot run out of records before a checkpoint completes. */
    private static final long RECORDS = Long.MAX_VALUE / 4;
    private static FlinkStreamNode node;

    @TempDir
    Path checkpoints;

    @BeforeAll
    static void startNode() {
        node = FlinkStreamNode.startEmbedded(ConfigFactory.parseString("flinkstream.job.stop-timeout = 30s"));
    }

    @AfterAll
    static void closeNode() {
        node.close();
    }

    /**
     * A value that writes fine but, once {@link #readable} is off, cannot be created when read back, as a class
     * changed incompatibly since the checkpoint.
     */
    static final class Unreadable {
        static volatile boolean readable = true;

        Unreadable() {
            if (!readable) {
                throw new IllegalStateException("this stored value cannot be read back");
            }
        }
    }

    /** Keeps an {@link Unreadable} in operator list state. */
    static final class UnreadableStateMap extends RichMapFunction<Long, Long> implements CheckpointedFunction {
        private transient ListState<Unreadable> state;

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            state = context.getOperatorStateStore().getListState(
                    new ListStateDescriptor<>("unreadable", Unreadable.class));
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            state.update(List.of(new Unreadable()));
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    @Test
    void when_a_subtask_cannot_load_its_state_then_the_job_fails_well_within_the_stop_timeout_naming_the_operator()
            throws Exception {
        // Given a retained checkpoint holding state that cannot be read back
        JobClient died = job(true).executeAsync("writes unreadable state");
        assertThrows(ExecutionException.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));

        // When a new job starts from it, with no restarts
        StreamExecutionEnvironment second = job(false);
        second.restoreFromCheckpoint(checkpoints.resolve(died.getJobID()).toString());
        Unreadable.readable = false;
        long start = System.nanoTime();
        JobClient restored;
        ExecutionException ended;
        try {
            restored = second.executeAsync("reads unreadable state");
            ended = assertThrows(ExecutionException.class,
                    () -> restored.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        } finally {
            Unreadable.readable = true;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // Then it failed at once, naming the operator whose state could not be read, not an entity id
        JobExecutionException failure = assertInstanceOf(JobExecutionException.class, ended.getCause());
        assertTrue(millis < 5_000, "failing took " + millis + " ms; the stop timeout is 30 s");
        String message = failure.getMessage();
        assertTrue(message.contains("unreadable state map"), "names the operator: " + message);
        assertFalse(message.contains(restored.getJobID() + "/"), "no entity id: " + message);
        assertTrue(message.contains("Could not read the state of checkpoint"), "says what failed: " + message);
        assertTrue(message.contains(Unreadable.class.getName()), "names the class it could not read: " + message);
    }

    private StreamExecutionEnvironment job(boolean failAfterCheckpoint) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(node);
        env.setParallelism(2);
        env.enableCheckpointing(10);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.noRestart());
        GatedSequenceSource source = new GatedSequenceSource(RECORDS, () -> !failAfterCheckpoint);
        env.fromSource(source, "numbers")
                .map(new RestoreFromRetainedCheckpointTest.FailAfterCheckpoint(failAfterCheckpoint))
                .keyBy(v -> v % 10)
                .map(new UnreadableStateMap()).name("unreadable state map")
                .addSink(new DiscardingSink<>());
        return env;
    }
}
