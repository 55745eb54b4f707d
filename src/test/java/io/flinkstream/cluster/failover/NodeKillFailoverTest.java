package io.flinkstream.cluster.failover;

import io.flinkstream.api.JobStatus;
import io.flinkstream.checkpoint.FileSystemSnapshotStore;
import io.flinkstream.client.ClusterClient;
import io.flinkstream.client.ClusterJob;
import io.flinkstream.client.JobSubmissionException;
import io.flinkstream.cli.LocalCluster.NodeProcess;
import io.flinkstream.cluster.jobs.JobManager.JobStatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failover with real JVMs: three node JVMs on 127.0.0.1 ({@code flinkstream node}, tuned failure detection), a
 * PostgreSQL journal in a fresh schema, checkpoints in a directory all nodes share, and {@link FailoverJob} — keyed,
 * checkpointed, parallelism 3 so every node runs subtasks and records cross JVMs, with an exactly-once file sink —
 * submitted through the {@link ClusterClient}. Each test SIGKILLs nodes while the job runs and checks that the
 * committed output is the failure-free output record for record, and reports the time from the kill to the job
 * running again (its next attempt RUNNING) and to the first output committed after that.
 *
 * <p>The tests share one cluster (starting three JVMs takes most of a test's time on two cores); each begins by
 * starting replacements until three nodes live, so none depends on another's order or outcome. Every job has its own
 * output, checkpoint and control folders.
 */
class NodeKillFailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(NodeKillFailoverTest.class);
    private static final long COUNT = 3_000;
    private static final int PER_SECOND = 600;
    private static final Duration RECOVERY = Duration.ofSeconds(45);
    private static final Duration END = Duration.ofSeconds(90);
    private static final Duration RESUME_BOUND = Duration.ofSeconds(20);

    private static FailoverCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = FailoverCluster.create("failover", "");
        cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void when_a_worker_node_is_killed_then_the_job_resumes_and_commits_exactly_the_failure_free_output()
            throws Exception {
        try (RunningJob run = RunningJob.submit("worker")) {
            // Given the job running with a completed checkpoint and committed output
            NodeProcess worker = run.worker();

            // When a node that does not host the job manager is SIGKILLed
            long killedAt = cluster.kill(worker);

            // Then the job runs again in a later attempt, and its output is exact once the source may end
            run.awaitResumed("a worker node", killedAt);
            run.finishAndCheck();
        }
    }

    @Test
    void when_the_node_hosting_the_job_manager_is_killed_then_the_job_resumes_and_commits_exactly_once()
            throws Exception {
        try (RunningJob run = RunningJob.submit("manager")) {
            // Given the job running; its master runs with the job manager singleton, on the oldest node
            NodeProcess host = run.host;

            // When that node is SIGKILLed
            long killedAt = cluster.kill(host);

            // Then the manager and the job's master come back on another node, which resumes the job
            run.awaitResumed("the job manager's node", killedAt);
            assertNotEquals(host, cluster.hostOf(run.job.jobId(), RECOVERY));
            run.finishAndCheck();
        }
    }

    @Test
    void when_a_node_is_killed_during_a_checkpoint_then_the_pending_checkpoint_is_removed_and_output_is_exact()
            throws Exception {
        try (RunningJob run = RunningJob.submit("during-checkpoint")) {
            // Given a checkpoint pending: every source subtask is inside its (slow) snapshot
            Files.createFile(run.control.resolve("slow"));
            long pending = run.awaitSlowSnapshots();
            NodeProcess worker = run.worker();

            // When a node is SIGKILLed while it is pending
            long killedAt = cluster.kill(worker);

            // Then the job resumes, the pending checkpoint never completes and its files are removed
            run.awaitResumed("a node during checkpoint " + pending, killedAt);
            Path pendingDir = run.checkpoints.resolve(run.job.jobId()).resolve("chk-" + pending);
            awaitTrue(() -> !Files.exists(pendingDir), RECOVERY, "pending checkpoint directory removed: " + pendingDir);
            run.finishAndCheck();
            assertFalse(Files.exists(pendingDir), "the aborted checkpoint's files came back: " + pendingDir);
            assertFalse(Files.exists(pendingDir.resolve("_metadata")), "checkpoint " + pending + " completed");
        }
    }

    @Test
    void when_two_nodes_are_killed_one_after_the_other_with_a_replacement_between_then_output_is_exact()
            throws Exception {
        try (RunningJob run = RunningJob.submit("two-kills")) {
            // Given the job running on three nodes
            NodeProcess worker = run.worker();

            // When a worker is SIGKILLed, the job resumes, and a replacement joins
            long firstKill = cluster.kill(worker);
            run.awaitResumed("a worker (first of two)", firstKill);
            cluster.startReplacement();
            run.awaitCheckpointAfterResume();

            // and then the node hosting the job manager is SIGKILLed too
            NodeProcess host = cluster.hostOf(run.job.jobId(), RECOVERY);
            long secondKill = cluster.kill(host);

            // Then the job resumes once more and its output is exact
            run.awaitResumed("the job manager's node (second of two)", secondKill);
            run.finishAndCheck();
        }
    }

    /** A submitted {@link FailoverJob}, its folders, and the client that submitted it (to the youngest node). */
    private static final class RunningJob implements AutoCloseable {
        final String name;
        final Path out;
        final Path checkpoints;
        final Path control;
        final ClusterClient client;
        final NodeProcess clientNode;
        final ClusterJob job;
        final NodeProcess host;
        JobStatusReply last;

        private RunningJob(String name, Path dir, ClusterClient client, NodeProcess clientNode, ClusterJob job,
                           NodeProcess host) {
            this.name = name;
            this.out = dir.resolve("out");
            this.checkpoints = dir.resolve("checkpoints");
            this.control = dir.resolve("control");
            this.client = client;
            this.clientNode = clientNode;
            this.job = job;
            this.host = host;
        }

        /** Submits the job on three live nodes and waits until it runs with a checkpoint and committed output. */
        static RunningJob submit(String name) throws Exception {
            List<NodeProcess> live = cluster.ensureLive(3);
            Path dir = cluster.dir().resolve(name);
            for (String sub : List.of("out", "checkpoints", "control")) {
                Files.createDirectories(dir.resolve(sub));
            }
            NodeProcess clientNode = cluster.youngest();
            ClusterClient client = ClusterClient.connect("127.0.0.1:" + clientNode.port(), cluster.clientConfig());
            try {
                ClusterJob job = client.submit(FailoverJob.class.getName(), dir.resolve("out").toString(),
                        dir.resolve("checkpoints").toString(), dir.resolve("control").toString(),
                        String.valueOf(COUNT), String.valueOf(PER_SECOND), "3");
                NodeProcess host = cluster.hostOf(job.jobId(), RECOVERY);
                RunningJob run = new RunningJob(name, dir, client, clientNode, job, host);
                LOG.info("[{}] job {} on {} (live {})", name, job.jobId(), host, live);
                run.awaitStatus(s -> s.status() == JobStatus.RUNNING && s.lastCheckpoint() >= 1, RECOVERY);
                awaitTrue(() -> !committedFiles(run.out).isEmpty(), RECOVERY, "committed output before the kill");
                return run;
            } catch (Throwable e) {
                client.close();
                throw e;
            }
        }

        /** A live node that hosts neither the job manager nor this test's client. */
        NodeProcess worker() {
            return cluster.live().stream().filter(n -> n != host && n != clientNode).findFirst().orElseThrow();
        }

        /**
         * Waits until the job runs a later attempt than before the kill at {@code killedAt}, then releases the
         * source and waits for output committed after that; logs and prints both times.
         */
        void awaitResumed(String what, long killedAt) throws Exception {
            int before = last.attempt();
            JobStatusReply resumed = awaitStatus(s -> s.status() == JobStatus.RUNNING && s.attempt() > before,
                    RECOVERY);
            long runningMillis = (System.nanoTime() - killedAt) / 1_000_000;
            Set<Path> committed = committedFiles(out);
            if (!Files.exists(control.resolve("release"))) {
                Files.createFile(control.resolve("release"));
            }
            awaitTrue(() -> !committed.containsAll(committedFiles(out)), RECOVERY, "output committed after resuming");
            long committedMillis = (System.nanoTime() - killedAt) / 1_000_000;
            String report = String.format("Failover [%s] killed %s: attempt %d RUNNING %,d ms after SIGKILL, first "
                    + "output committed after it at %,d ms", name, what, resumed.attempt(), runningMillis,
                    committedMillis);
            LOG.info(report);
            System.out.println(report);
            // The goal is 10 s (measured: 6-9 s); the bound leaves room for a loaded machine, and fails if anything
            // waits for a timeout (a lost deploy, a status question waiting for the client's ask timeout).
            assertTrue(runningMillis < RESUME_BOUND.toMillis(), report);
        }

        /** Waits for a checkpoint completed after the latest resumption. */
        void awaitCheckpointAfterResume() throws Exception {
            long seen = last.lastCheckpoint();
            int attempt = last.attempt();
            awaitStatus(s -> s.attempt() == attempt && s.lastCheckpoint() > seen, RECOVERY);
        }

        /** Waits until every source subtask is in the slow snapshot of one checkpoint; returns its id. */
        long awaitSlowSnapshots() throws Exception {
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            while (System.nanoTime() < deadline) {
                Map<Long, Integer> markers = new HashMap<>();
                try (Stream<Path> files = Files.list(control)) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("snapshot-"))
                            .forEach(n -> markers.merge(Long.parseLong(n.split("-")[1]), 1, Integer::sum));
                }
                for (Map.Entry<Long, Integer> marker : markers.entrySet()) {
                    if (marker.getValue() == 3) {
                        return marker.getKey();
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("The source subtasks did not all enter a slow snapshot");
        }

        /** Lets the source end, waits for the job to finish, and checks the committed output and checkpoints. */
        void finishAndCheck() throws Exception {
            if (!Files.exists(control.resolve("release"))) {
                Files.createFile(control.resolve("release"));
            }
            JobStatusReply end = job.awaitTermination(END);
            assertEquals(JobStatus.FINISHED, end.status(), end.toString());
            assertExactOutput(out, COUNT);
            assertEquals(List.of(), new FileSystemSnapshotStore(checkpoints.resolve(job.jobId()))
                    .pendingCheckpointIds(), "checkpoints left pending");
        }

        JobStatusReply awaitStatus(Predicate<JobStatusReply> goal, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    JobStatusReply now = job.status();
                    if (now.status() != null) {
                        last = now;
                    }
                    if (goal.test(now)) {
                        return now;
                    }
                    if (now.status() != null && now.status().isTerminal()) {
                        throw new AssertionError("Job ended before the awaited status: " + now);
                    }
                } catch (JobSubmissionException e) {
                    // The job manager is moving to another node: ask again.
                }
                Thread.sleep(50);
            }
            throw new AssertionError("Job " + job.jobId() + " did not reach the awaited status within "
                    + timeout.toSeconds() + " s; last " + last);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** The committed files of an exactly-once file sink. */
    static Set<Path> committedFiles(Path out) {
        try (Stream<Path> files = Files.list(out)) {
            return new HashSet<>(files.filter(p -> p.getFileName().toString().startsWith("part-")).toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The failure-free output of {@link FailoverJob}, record for record: each of {@code [0, count)} once, and for each
     * key the running counts 1..n once each.
     */
    static void assertExactOutput(Path out, long count) throws IOException {
        Map<Long, Integer> values = new HashMap<>();
        Map<Long, List<Long>> counts = new HashMap<>();
        for (Path part : committedFiles(out)) {
            for (String line : Files.readAllLines(part)) {
                String[] fields = line.split(":");
                long key = Long.parseLong(fields[0]);
                long value = Long.parseLong(fields[2]);
                assertEquals(value % FailoverJob.KEYS, key, "key of " + line);
                values.merge(value, 1, Integer::sum);
                counts.computeIfAbsent(key, k -> new ArrayList<>()).add(Long.parseLong(fields[1]));
            }
        }
        values.forEach((v, times) -> assertEquals(1, times, "times " + v + " was committed"));
        assertEquals(count, values.size(), "distinct values committed");
        long[] expected = FailoverJob.expectedCounts(count);
        for (int key = 0; key < FailoverJob.KEYS; key++) {
            List<Long> seen = counts.getOrDefault((long) key, List.of()).stream().sorted().toList();
            List<Long> want = java.util.stream.LongStream.rangeClosed(1, expected[key]).boxed().toList();
            assertEquals(want, seen, "running counts of key " + key);
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
