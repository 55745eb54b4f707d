package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job whose state class lives only in the job's own class loader — not on the class path of FlinkStream — and is
 * not a POJO, so the generic serializer (Kryo) writes it by class name: user code finds the class through the
 * context class loader, and a restore after a failure reads the state back with the job's class loader.
 */
class JobClassLoaderTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 100_000;
    private static final int KEYS = 100;
    private static final String STATE_CLASS = "joblib.Tally";

    private final String failureSwitch = FailureSwitch.create();

    @AfterEach
    void forgetSwitch() {
        FailureSwitch.forget(failureSwitch);
    }

    /** Counts in a {@code joblib.Tally}, found by name through the context class loader, as user code finds it. */
    static final class TallyCount extends KeyedProcessFunction<Long, Long, long[]> {
        private transient ValueState<Object> tally;
        private transient java.lang.reflect.Constructor<?> create;
        private transient Method next;
        private transient Method count;

        @Override
        @SuppressWarnings("unchecked")
        public void open(OpenContext openContext) throws Exception {
            Class<?> type = Class.forName(STATE_CLASS, true, Thread.currentThread().getContextClassLoader());
            tally = getRuntimeContext().getState(new ValueStateDescriptor<>("tally", (Class<Object>) type));
            create = type.getConstructor(long.class);
            next = type.getMethod("next");
            count = type.getMethod("count");
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<long[]> out) throws Exception {
            Object current = tally.value();
            Object updated = current == null ? create.newInstance(1L) : next.invoke(current);
            tally.update(updated);
            out.collect(new long[] {ctx.getCurrentKey(), (Long) count.invoke(updated)});
        }
    }

    @Test
    void given_state_of_a_class_only_the_job_loads_when_the_job_fails_and_restores_then_counts_are_exact()
            throws Exception {
        // Given a state class compiled into a directory of its own, loaded by the job's class loader only
        ClassLoader jobLoader = compile("package joblib; public final class Tally {"
                + " private final long count; public Tally(long count) { this.count = count; }"
                + " public long count() { return count; } public Tally next() { return new Tally(count + 1); } }");
        CollectSink<long[]> output = newSink();
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(20);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(1, Duration.ZERO));
        env.fromSource(new HeldRangeSource(RECORDS, failureSwitch), "held range")
                .map(new FailAfterCheckpointMap(failureSwitch))
                .keyBy(v -> v % KEYS).process(new TallyCount()).addSink(output);

        // When it runs with that loader as its user-code class loader, failing once after a checkpoint
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(jobLoader);
        JobClient job;
        try {
            job = env.executeAsync("state of a job-only class");
        } finally {
            thread.setContextClassLoader(previous);
        }
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        // Then the restore read the Kryo-written state back through the job's loader: every count is exact
        Map<Long, Long> finalCounts = new TreeMap<>();
        output.results().forEach(r -> finalCounts.merge(r[0], r[1], Math::max));
        assertEquals(KEYS, finalCounts.size());
        finalCounts.forEach((key, c) -> assertEquals(RECORDS / KEYS, c, "count of key " + key));
        assertTrue(job.getJobMetrics().get(10, TimeUnit.SECONDS).restarts() >= 1, "the job restarted");
    }

    private static ClassLoader compile(String source) throws Exception {
        Path dir = Files.createTempDirectory("job-classes");
        Path file = dir.resolve(STATE_CLASS.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (compiler.run(null, null, errors, "-d", dir.toString(), "--release", "17", file.toString()) != 0) {
            throw new AssertionError("Compilation failed: " + errors);
        }
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, JobClassLoaderTest.class.getClassLoader());
    }

}
