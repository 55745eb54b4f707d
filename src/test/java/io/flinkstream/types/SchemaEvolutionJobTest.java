package io.flinkstream.types;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.DataStream;
import io.flinkstream.api.FsStateBackend;
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
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A POJO state class that gains a field between two runs of a job, as in a real upgrade: version 1
 * {@code {long count}} and version 2 {@code {long count; String note}} of the same class, each compiled at test time
 * into its own directory and loaded by its own class loader, which is the context class loader when its job is
 * submitted (so it is the job's user-code class loader). The second run, restored from the first one's retained
 * checkpoint, continues the counts, and {@code note} is null.
 */
class SchemaEvolutionJobTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 100_000;
    private static final int KEYS = 100;
    private static final String STATE_CLASS = "evolve.Counted";

    @TempDir
    Path checkpoints;

    private final String failureSwitch = FailureSwitch.create();

    @AfterEach
    void forgetSwitch() {
        FailureSwitch.forget(failureSwitch);
    }

    /** What the counting function saw after each record: the count and the note of the state object. */
    record KeyCountNote(long key, long count, String note) {
    }

    /**
     * Counts per key in a ValueState of whichever version of {@code evolve.Counted} it is given, through reflection
     * (the test cannot name a class it compiles itself); it never sets {@code note}.
     */
    static final class EvolvingCount extends KeyedProcessFunction<Long, Long, KeyCountNote> {
        private final Class<?> stateClass;
        private transient ValueState<Object> state;
        private transient Field count;
        private transient Field note;

        EvolvingCount(Class<?> stateClass) {
            this.stateClass = stateClass;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void open(OpenContext openContext) throws Exception {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("counted", (Class<Object>) stateClass));
            count = stateClass.getField("count");
            note = List.of(stateClass.getFields()).stream().anyMatch(f -> f.getName().equals("note"))
                    ? stateClass.getField("note") : null;
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<KeyCountNote> out) throws Exception {
            Object current = state.value();
            if (current == null) {
                current = stateClass.getConstructor().newInstance();
            }
            count.setLong(current, count.getLong(current) + 1);
            state.update(current);
            out.collect(new KeyCountNote(ctx.getCurrentKey(), count.getLong(current),
                    note == null ? "(no such field)" : (String) note.get(current)));
        }
    }

    @Test
    void given_a_checkpoint_of_pojo_v1_when_a_job_restores_it_with_v2_then_counts_continue_and_the_new_field_is_null()
            throws Exception {
        // Given version 1 and version 2 of evolve.Counted
        ClassLoader v1 = compile("package evolve; public class Counted { public long count; }");
        ClassLoader v2 = compile("package evolve; public class Counted { public long count; public String note; }");

        // ...and a first job with version 1 that dies for good after a checkpoint holding counts (kept: it failed)
        CollectSink<KeyCountNote> firstOutput = newSink();
        StreamExecutionEnvironment first = countingJob(firstOutput, v1, true);
        first.setRestartStrategy(RestartStrategies.noRestart());
        JobClient died = withContextClassLoader(v1, () -> first.executeAsync("counts with v1"));
        assertThrows(ExecutionException.class, () -> died.getJobExecutionResult().get(60, TimeUnit.SECONDS));

        // When a second job with version 2 starts from that checkpoint
        CollectSink<KeyCountNote> secondOutput = newSink();
        StreamExecutionEnvironment second = countingJob(secondOutput, v2, false);
        second.restoreFromCheckpoint(checkpoints.resolve(died.getJobID()).toString());
        JobClient job = withContextClassLoader(v2, () -> second.executeAsync("counts with v2"));
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        // Then together they counted every record once: the second run went on from the restored counts
        Map<Long, Long> finalCounts = new TreeMap<>();
        firstOutput.results().forEach(r -> finalCounts.merge(r.key(), r.count(), Math::max));
        secondOutput.results().forEach(r -> finalCounts.merge(r.key(), r.count(), Math::max));
        assertEquals(KEYS, finalCounts.size(), "keys");
        finalCounts.forEach((key, count) -> assertEquals(RECORDS / KEYS, count, "count of key " + key));
        Map<Long, Long> firstCountsOfSecondRun = new TreeMap<>();
        secondOutput.results().forEach(r -> firstCountsOfSecondRun.merge(r.key(), r.count(), Math::min));
        assertTrue(firstCountsOfSecondRun.values().stream().allMatch(c -> c > 1),
                "every key continued from a restored count: " + firstCountsOfSecondRun);

        // ...and the field version 1 did not have is the default
        secondOutput.results().forEach(r -> assertNull(r.note(), "note of key " + r.key()));
    }

    private StreamExecutionEnvironment countingJob(CollectSink<KeyCountNote> sink, ClassLoader version, boolean fail)
            throws ClassNotFoundException {
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(20);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        DataStream<Long> input = env.fromSource(new HeldRangeSource(RECORDS, failureSwitch), "held range")
                .uid("source");
        if (fail) {
            input = input.map(new FailAfterCheckpointMap(failureSwitch));
        }
        input.keyBy(v -> v % KEYS)
                .process(new EvolvingCount(Class.forName(STATE_CLASS, true, version))).name("count").uid("count")
                .addSink(sink);
        return env;
    }

    private interface Submission {
        JobClient submit() throws Exception;
    }

    private static JobClient withContextClassLoader(ClassLoader loader, Submission submission) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return submission.submit();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Compiles one version of {@code evolve.Counted} into its own directory; a loader for it, parent the test's. */
    private static ClassLoader compile(String source) throws Exception {
        Path dir = Files.createTempDirectory("counted-version");
        Path file = dir.resolve(STATE_CLASS.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "--release", "17", file.toString()));
        if (compiler.run(null, null, errors, args.toArray(String[]::new)) != 0) {
            throw new AssertionError("Compilation failed: " + errors);
        }
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, SchemaEvolutionJobTest.class.getClassLoader());
    }
}
