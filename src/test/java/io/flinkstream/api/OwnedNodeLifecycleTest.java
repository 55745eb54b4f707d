package io.flinkstream.api;

import io.flinkstream.connectors.CollectSink;
import io.flinkstream.connectors.DiscardingSink;
import io.flinkstream.connectors.TestSinks.LatchSink;
import io.flinkstream.connectors.TestSources.EndlessSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs run by {@link StreamExecutionEnvironment#getExecutionEnvironment()} start a node of their own and shut it
 * down before {@code execute} returns, so no FlinkStream thread outlives the job. Kept apart from
 * {@link LifecycleTest}: a shared node's threads carry the same names and would hide a leak.
 */
class OwnedNodeLifecycleTest {

    /** FlinkStream threads (named after the actor system, "flinkstream-...") started since {@code before}. */
    private static List<String> newFlinkStreamThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("flinkstream") && !before.contains(t))
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    @Test
    void when_a_job_on_its_own_node_finishes_then_no_flinkstream_thread_is_left() throws Exception {
        // Given
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(1, 10_000).keyBy(v -> v % 100).map(v -> v + 1).addSink(sink);

        // When
        env.execute("own node");

        // Then
        List<String> leftOver = newFlinkStreamThreads(before);
        try {
            assertEquals(LongStream.rangeClosed(2, 10_001).sum(),
                    sink.results().stream().mapToLong(Long::longValue).sum());
        } finally {
            sink.clear();
        }
        assertEquals(List.of(), leftOver, "threads still alive after execute() returned");
    }

    @Test
    void when_a_job_on_its_own_node_fails_then_no_flinkstream_thread_is_left() {
        // Given
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(1, 1_000).map(v -> {
            if (v == 999) {
                throw new IllegalStateException("fails at 999");
            }
            return v;
        }).addSink(new DiscardingSink<>());

        // When
        assertThrows(JobExecutionException.class, () -> env.execute("own node fails"));

        // Then
        assertEquals(List.of(), newFlinkStreamThreads(before), "threads still alive after execute() threw");
    }

    @Test
    void given_a_running_job_on_its_own_node_when_cancelled_then_its_threads_are_gone_once_the_result_completes()
            throws Exception {
        // Given: the node's threads are visible while the job runs, so the check below can see a leak
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        LatchSink<Long> first = new LatchSink<>(1);
        env.fromSource(new EndlessSource(5), "endless").addSink(first);
        JobClient client = env.executeAsync("own node cancelled");
        assertTrue(first.await(), "the job never processed its first record");
        List<String> whileRunning = newFlinkStreamThreads(before);

        // When
        client.cancel().get(60, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.getJobExecutionResult().get(60, TimeUnit.SECONDS));

        // Then
        assertFalse(whileRunning.isEmpty(), "the running node's threads should be found by name");
        assertInstanceOf(JobCancellationException.class, e.getCause());
        assertEquals(List.of(), newFlinkStreamThreads(before), "threads still alive after the result completed");
    }
}
