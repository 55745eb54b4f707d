package io.flinkstream.api;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.ClusterShardingQuery;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.connectors.DiscardingSink;
import io.flinkstream.connectors.TestSinks.LatchSink;
import io.flinkstream.connectors.TestSources.EndlessSource;
import io.flinkstream.runtime.task.SubtaskActor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The life of a job on a shared node: its client and status, cancellation, and that an ended job - finished,
 * failed or cancelled - leaves no subtask entity behind. Waits carry a generous limit only to guard against a
 * hang; no assertion depends on time.
 */
class LifecycleTest extends EmbeddedNodeTestBase {
    private static final long HANG_GUARD_SECONDS = 60;

    /**
     * The ids of the subtask entities of {@code jobId} that the node's shard region still knows.
     *
     * <p>A stopped entity leaves the shard's bookkeeping when the shard processes its {@code Terminated} message,
     * which may still be queued behind a query sent the moment the job's result completed. Akka tells a dying actor's
     * parent (the shard) before its other watchers (the job master), and a mailbox handles pending system messages
     * before the next ordinary message; so by the time the shard answers a first query it has queued that
     * {@code Terminated}, and a second query, sent after the first answer, is answered after it. No waiting involved.
     */
    private static List<String> entitiesOf(String jobId) throws Exception {
        regionState();
        return regionState().getShards().stream()
                .flatMap(shard -> shard.getEntityIds().stream())
                .filter(id -> id.startsWith(jobId + "/"))
                .sorted()
                .toList();
    }

    private static ShardRegion.CurrentShardRegionState regionState() throws Exception {
        ActorSystem<Void> system = node().system();
        return AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
                        ClusterSharding.get(system).shardState(),
                        replyTo -> new GetShardRegionState(SubtaskActor.TYPE_KEY, replyTo),
                        Duration.ofSeconds(HANG_GUARD_SECONDS), system.scheduler())
                .toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
    }

    private static void assertNothingLeftOf(String jobId) throws Exception {
        assertEquals(0, node().registry().size(), "the node still knows the job");
        assertEquals(List.of(), entitiesOf(jobId), "subtask entities left behind");
    }

    private static Throwable failureOf(JobClient client) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.getJobExecutionResult().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void given_an_unbounded_source_when_cancelled_then_the_job_ends_cancelled_and_leaves_nothing_behind()
            throws Exception {
        // Given: a job that runs until cancelled, seen processing records
        StreamExecutionEnvironment env = env(2);
        EndlessSource source = new EndlessSource(100);
        LatchSink<Long> firstHundred = new LatchSink<>(100);
        env.fromSource(source, "endless").map(v -> v + 1).addSink(firstHundred);
        JobClient client = env.executeAsync("endless");
        assertTrue(firstHundred.await(), "the job never processed its first records");
        JobStatus whileRunning = client.getJobStatus().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        List<String> entitiesWhileRunning = entitiesOf(client.getJobID());

        // When
        client.cancel().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        Throwable failure = failureOf(client);

        // Then
        assertEquals(JobStatus.RUNNING, whileRunning);
        assertEquals(List.of(client.getJobID() + "/0/0", client.getJobID() + "/0/1"), entitiesWhileRunning,
                "the query sees the running job's subtasks");
        JobCancellationException cancellation = assertInstanceOf(JobCancellationException.class, failure);
        assertEquals(client.getJobID(), cancellation.getJobID());
        assertTrue(cancellation.getMessage().contains("'endless'"), cancellation.getMessage());
        assertEquals(JobStatus.CANCELED, client.getJobStatus().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, source.closedReaders(), "each subtask closed its reader once");
        assertNothingLeftOf(client.getJobID());
    }

    @Test
    void given_a_cancelled_job_when_cancelling_again_then_nothing_changes() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(1);
        LatchSink<Long> first = new LatchSink<>(1);
        env.fromSource(new EndlessSource(10), "endless").addSink(first);
        JobClient client = env.executeAsync("cancel twice");
        assertTrue(first.await(), "the job never processed its first record");
        client.cancel().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        failureOf(client);

        // When
        client.cancel().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);

        // Then
        assertInstanceOf(JobCancellationException.class, failureOf(client));
        assertEquals(JobStatus.CANCELED, client.getJobStatus().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertNothingLeftOf(client.getJobID());
    }

    @Test
    void when_a_job_finishes_then_its_status_is_finished_its_result_has_its_counters_and_nothing_is_left()
            throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        CollectSink<Long> sink = newSink();
        env.fromSequence(1, 5_000).keyBy(v -> v % 10).map(v -> v * 2).addSink(sink);

        // When
        JobClient client = env.executeAsync("finishes");
        JobExecutionResult result = client.getJobExecutionResult().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);

        // Then
        assertEquals(LongStream.rangeClosed(1, 5_000).map(v -> v * 2).sum(),
                sink.results().stream().mapToLong(Long::longValue).sum());
        assertEquals(client.getJobID(), result.getJobID());
        assertEquals("finishes", result.jobName());
        assertEquals(5_000, result.metrics().sourceRecords());
        assertEquals(JobStatus.FINISHED, client.getJobStatus().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(result.metrics(), client.getJobMetrics().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertNothingLeftOf(client.getJobID());
    }

    @Test
    void when_a_job_fails_then_its_status_is_failed_and_nothing_is_left() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        env.fromSequence(1, 5_000)
                .rebalance()
                .map(v -> {
                    if (v == 4_321) {
                        throw new IllegalStateException("fails at 4321");
                    }
                    return v;
                }).name("failing map")
                .addSink(new DiscardingSink<>());

        // When
        JobClient client = env.executeAsync("fails");
        Throwable failure = failureOf(client);

        // Then
        JobExecutionException jobFailure = assertInstanceOf(JobExecutionException.class, failure);
        assertEquals("fails at 4321", jobFailure.getCause().getMessage());
        assertEquals(JobStatus.FAILED, client.getJobStatus().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertNothingLeftOf(client.getJobID());
    }

    @Test
    void when_jobs_run_one_after_another_on_a_shared_node_then_each_ends_cleanly() throws Exception {
        // Given
        String[] jobIds = new String[3];

        // When
        for (int i = 0; i < jobIds.length; i++) {
            StreamExecutionEnvironment env = env(2);
            CollectSink<Long> sink = newSink();
            env.fromSequence(0, 999).keyBy(v -> v % 7).addSink(sink);
            JobClient client = env.executeAsync("run " + i);
            client.getJobExecutionResult().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            jobIds[i] = client.getJobID();
            assertEquals(1_000, sink.results().size());
        }

        // Then
        for (String jobId : jobIds) {
            assertNothingLeftOf(jobId);
        }
    }

    /** Counts open() and close() calls over all subtask copies; throws at record {@code failAt} (or never). */
    static final class OpenCloseCounting extends RichMapFunction<Long, Long> {
        private static final Map<String, AtomicInteger[]> COUNTS = new ConcurrentHashMap<>();
        private final String id = UUID.randomUUID().toString();
        private final long failAt;

        OpenCloseCounting(long failAt) {
            this.failAt = failAt;
            COUNTS.put(id, new AtomicInteger[] {new AtomicInteger(), new AtomicInteger()});
        }

        int opens() {
            return COUNTS.get(id)[0].get();
        }

        int closes() {
            return COUNTS.get(id)[1].get();
        }

        @Override
        public void open(OpenContext openContext) {
            COUNTS.get(id)[0].incrementAndGet();
        }

        @Override
        public Long map(Long value) {
            if (value == failAt) {
                throw new IllegalStateException("fails at " + value);
            }
            return value;
        }

        @Override
        public void close() {
            COUNTS.get(id)[1].incrementAndGet();
        }
    }

    @ParameterizedTest(name = "job {0}")
    @ValueSource(strings = {"finishes", "fails", "is cancelled"})
    void when_a_job_ends_then_every_subtask_closed_its_rich_function_once(String ending) throws Exception {
        // Given
        StreamExecutionEnvironment env = env(3);
        LatchSink<Long> firstTen = new LatchSink<>(10);
        OpenCloseCounting counting = new OpenCloseCounting(ending.equals("fails") ? 77 : -1);
        DataStream<Long> numbers = ending.equals("is cancelled")
                ? env.fromSource(new EndlessSource(300), "endless") : env.fromSequence(0, 299);
        numbers.map(counting).addSink(firstTen);

        // When
        JobClient client = env.executeAsync("ends: " + ending);
        if (ending.equals("is cancelled")) {
            assertTrue(firstTen.await(), "the job never processed its first records");
            client.cancel().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        }
        client.getJobExecutionResult().handle((r, e) -> null).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);

        // Then
        assertEquals(3, counting.opens());
        assertEquals(3, counting.closes(), "close() once per subtask, whether finished, failed or cancelled");
        assertNothingLeftOf(client.getJobID());
    }

    @ParameterizedTest(name = "job {0}")
    @ValueSource(strings = {"fails", "is cancelled"})
    void given_a_job_that_did_not_finish_when_reading_its_metrics_then_the_last_counters_are_returned(
            String ending) throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        LatchSink<Long> firstTen = new LatchSink<>(10);
        DataStream<Long> numbers = ending.equals("is cancelled")
                ? env.fromSource(new EndlessSource(300), "endless") : env.fromSequence(0, 299);
        numbers.map(new OpenCloseCounting(ending.equals("fails") ? 77 : -1)).addSink(firstTen);
        JobClient client = env.executeAsync("metrics after: " + ending);
        if (ending.equals("is cancelled")) {
            assertTrue(firstTen.await(), "the job never processed its first records");
            client.cancel().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        }
        failureOf(client);

        // When
        ExecutionException error = null;
        JobMetrics metrics = null;
        try {
            metrics = client.getJobMetrics().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            error = e;
        }

        // Then
        assertNull(error, "getJobMetrics() of an ended job failed instead of returning its last counters");
        assertEquals(1, metrics.vertices().size(), metrics.toString());
    }
}
