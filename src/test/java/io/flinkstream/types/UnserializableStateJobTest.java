package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.SuppressRestartsException;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State holding a value no serializer can handle (a thread): the job fails at once, naming the class, the state and
 * the operator, and does not restart, whatever its restart strategy; it neither hangs nor loops.
 */
class UnserializableStateJobTest extends EmbeddedNodeTestBase {
    /** A POJO with a field no serializer can copy or write. */
    public static class Watched {
        public long count;
        public Thread watcher;
    }

    /** Keeps a {@code Watched} per key, with a (never started) thread in it. */
    static final class KeepWatcher extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Watched> watched;

        @Override
        public void open(OpenContext openContext) {
            watched = getRuntimeContext().getState(new ValueStateDescriptor<>("watched", Watched.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            Watched w = watched.value();
            if (w == null) {
                w = new Watched();
                w.watcher = new Thread(() -> { }, "watcher of " + ctx.getCurrentKey());
            }
            w.count++;
            watched.update(w);
            out.collect(w.count);
        }
    }

    @Test
    void given_state_holding_a_thread_when_the_job_runs_with_restarts_configured_then_it_fails_at_once_naming_class_state_and_operator()
            throws Exception {
        // Given a restart strategy that would allow many restarts, and checkpoints
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(20);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(100, Duration.ZERO));
        CollectSink<Long> sink = newSink();
        env.fromSequence(0, 99_999)
                .keyBy(v -> v % 10)
                .process(new KeepWatcher()).name("keep watcher")
                .addSink(sink);

        // When
        long start = System.nanoTime();
        JobClient job = env.executeAsync("unserializable state");
        ExecutionException ended = assertThrows(ExecutionException.class,
                () -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        // Then it failed within seconds, without a restart, and says what, where and in which state
        JobExecutionException failure = assertInstanceOf(JobExecutionException.class, ended.getCause());
        assertTrue(seconds < 10, "took " + seconds + " s");
        assertTrue(SuppressRestartsException.isIn(failure), "not marked as beyond restarts: " + failure);
        String message = messages(failure);
        assertTrue(message.contains("java.lang.Thread"), "names the class: " + message);
        assertTrue(message.contains("watched"), "names the state: " + message);
        assertTrue(message.contains("keep watcher"), "names the operator: " + message);
        assertEquals(0, job.getJobMetrics().get(10, TimeUnit.SECONDS).restarts(), "restarts");
    }

    /** Every message along the cause chain, one per line. */
    static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
