package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.state.StateMigrationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job restored from a retained checkpoint whose state "count" was a {@code ValueState<Long>}, now declared as a
 * {@code ValueState<String>}: the restore is refused at once, naming the state, the operator and both types, and the
 * job does not restart.
 */
class IncompatibleRestoreJobTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 100_000;
    private static final int KEYS = 100;

    @TempDir
    Path checkpoints;

    private final String failureSwitch = FailureSwitch.create();

    @AfterEach
    void forgetSwitch() {
        FailureSwitch.forget(failureSwitch);
    }

    /** Counts per key in a {@code ValueState<Long>} named "count". */
    static final class LongCount extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            Long c = count.value();
            count.update(c == null ? 1 : c + 1);
            out.collect(value);
        }
    }

    /** The next version of the job's function: "count" is now a {@code ValueState<String>}. */
    static final class StringCount extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<String> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", String.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            String c = count.value();
            count.update(c == null ? "1" : String.valueOf(Long.parseLong(c) + 1));
            out.collect(value);
        }
    }

    @Test
    void given_a_retained_checkpoint_of_long_state_when_a_job_restores_it_as_string_state_then_it_fails_at_once_naming_both_types()
            throws Exception {
        // Given a first job that dies for good after a checkpoint holding counts, which is therefore retained
        StreamExecutionEnvironment first = env(2);
        first.enableCheckpointing(20);
        first.setStateBackend(new FsStateBackend(checkpoints.toString()));
        first.setRestartStrategy(RestartStrategies.noRestart());
        first.fromSource(new HeldRangeSource(RECORDS, failureSwitch), "held range").uid("source")
                .map(new FailAfterCheckpointMap(failureSwitch))
                .keyBy(v -> v % KEYS)
                .process(new LongCount()).name("counter").uid("counter")
                .addSink(newSink());
        JobClient died = first.executeAsync("long counts");
        assertThrows(ExecutionException.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));

        // When a second job, the same but for "count" as a String, with restarts allowed, starts from it
        StreamExecutionEnvironment second = env(2);
        second.enableCheckpointing(20);
        second.setStateBackend(new FsStateBackend(checkpoints.toString()));
        second.setRestartStrategy(RestartStrategies.fixedDelayRestart(100, Duration.ZERO));
        second.restoreFromCheckpoint(checkpoints.resolve(died.getJobID()).toString());
        CollectSink<Long> output = newSink();
        second.fromSource(new HeldRangeSource(RECORDS, failureSwitch), "held range").uid("source")
                .keyBy(v -> v % KEYS)
                .process(new StringCount()).name("counter").uid("counter")
                .addSink(output);
        long start = System.nanoTime();
        JobClient job = second.executeAsync("string counts");
        ExecutionException ended = assertThrows(ExecutionException.class,
                () -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        // Then it failed at once, without a restart, saying which state, where, and from what type to what type
        JobExecutionException failure = assertInstanceOf(JobExecutionException.class, ended.getCause());
        assertTrue(seconds < 10, "took " + seconds + " s");
        String message = UnserializableStateJobTest.messages(failure);
        assertTrue(message.contains(StateMigrationException.class.getName()), message);
        assertTrue(message.contains("'count'"), "names the state: " + message);
        assertTrue(message.contains("counter"), "names the operator: " + message);
        assertTrue(message.contains("Long"), "names the stored type: " + message);
        assertTrue(message.contains("String"), "names the new type: " + message);
        assertEquals(0, job.getJobMetrics().get(10, TimeUnit.SECONDS).restarts(), "restarts");
        assertTrue(output.results().isEmpty(), "no record was counted with the refused state");
    }
}
