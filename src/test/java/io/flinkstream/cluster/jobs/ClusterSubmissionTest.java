package io.flinkstream.cluster.jobs;

import io.flinkstream.api.JobStatus;
import io.flinkstream.client.ClusterClient;
import io.flinkstream.client.ClusterJob;
import io.flinkstream.client.JobSubmissionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs submitted to a three-node cluster in this JVM through the client and the CLI: they run to the exact result;
 * a job the cluster cannot run is refused with a message that says why; a node without the job's class says which
 * class and which node.
 */
class ClusterSubmissionTest {
    private static final long COUNT = 2_000;

    @TempDir
    static Path data;
    private static TestCluster cluster;

    @TempDir
    Path out;
    @TempDir
    Path checkpoints;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster(data).startNodes(3);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private String[] args(String parallelism) {
        return new String[] {out.toString(), checkpoints.toString(), String.valueOf(COUNT), "open", parallelism};
    }

    @Test
    void when_a_job_is_submitted_through_the_client_then_it_runs_to_the_exact_result() throws Exception {
        try (ClusterClient client = ClusterClient.connect(cluster.seed(), cluster.clientConfig())) {
            // When
            ClusterJob job = client.submit(GatedNumbersJob.class.getName(), args("3"));
            JobStatus end = job.awaitTermination(Duration.ofSeconds(60)).status();

            // Then
            assertEquals(JobStatus.FINISHED, end);
            Output.assertEachNumberOnce(out, COUNT);
            // and its status is still known after its end
            assertEquals(JobStatus.FINISHED, client.job(job.jobId()).status().status());
            // and no node keeps its graph: neither the master's, nor those that rebuilt it for their subtasks
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (cluster.nodes().stream().anyMatch(n -> n.registry().get(job.jobId()) != null)) {
                assertTrue(System.nanoTime() < deadline, "a node still holds the ended job's graph");
                Thread.sleep(20);
            }
        }
    }

    @Test
    void when_the_cli_runs_a_job_then_it_prints_its_id_and_end_and_exits_0() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String[] command = new String[] {"--cluster", cluster.seed(), GatedNumbersJob.class.getName()};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.Arrays.stream(
                args("1"))).toArray(String[]::new);
        String previous = System.getProperty("flinkstream.system-name");
        System.setProperty("flinkstream.system-name", cluster.name());
        com.typesafe.config.ConfigFactory.invalidateCaches();
        try {
            int code = io.flinkstream.cli.RunCommandAccess.run(all, new PrintStream(stdout), new PrintStream(stderr));
            String printed = stdout.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, printed + stderr.toString(StandardCharsets.UTF_8));
            assertTrue(printed.matches("(?s)Job [0-9a-f]{32} submitted.*finished\\s*"), printed);
        } finally {
            if (previous == null) {
                System.clearProperty("flinkstream.system-name");
            } else {
                System.setProperty("flinkstream.system-name", previous);
            }
            com.typesafe.config.ConfigFactory.invalidateCaches();
        }
        Output.assertEachNumberOnce(out, COUNT);
    }

    @Test
    void when_the_cli_is_misused_or_finds_no_node_then_it_says_so_and_exits_non_zero() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        assertEquals(2, io.flinkstream.cli.RunCommandAccess.run(new String[] {"--cluster"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(stderr)));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("Usage"));
    }

    @Test
    void when_a_job_checkpoints_to_memory_then_it_is_refused_with_what_to_use() {
        try (ClusterClient client = ClusterClient.connect(cluster.seed(), cluster.clientConfig())) {
            JobSubmissionException refused = assertThrows(JobSubmissionException.class,
                    () -> client.submit(MemoryBackendJob.class.getName()));
            assertTrue(refused.getMessage().contains("memory state backend"), refused.getMessage());
            assertTrue(refused.getMessage().contains("FsStateBackend"), refused.getMessage());
        }
    }

    /** A job that keeps its checkpoints in the master's heap. */
    public static final class MemoryBackendJob {
        public static void main(String[] args) throws Exception {
            io.flinkstream.api.StreamExecutionEnvironment env =
                    io.flinkstream.api.StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(100);
            env.setStateBackend(new io.flinkstream.api.MemoryStateBackend());
            env.fromSequence(0, 10).print();
            env.execute("memory");
        }
    }

    @Test
    void when_the_job_class_is_missing_then_submission_is_refused_naming_class_and_node() {
        try (ClusterClient client = ClusterClient.connect(cluster.seed(), cluster.clientConfig())) {
            JobSubmissionException refused = assertThrows(JobSubmissionException.class,
                    () -> client.submit("com.example.MissingJob", "x"));
            assertTrue(refused.getMessage().contains("com.example.MissingJob"), refused.getMessage());
            assertTrue(refused.getMessage().contains("node akka://" + cluster.name()), refused.getMessage());
            assertTrue(refused.getMessage().contains("lib/"), refused.getMessage());
        }
    }

    @Test
    void when_a_node_lacks_the_job_class_then_it_refuses_to_run_its_subtasks_naming_class_and_node() {
        // Given a node whose class loader does not see the job's class (its lib/ folder lacks the jar)
        io.flinkstream.runtime.job.JobRegistry registry = new io.flinkstream.runtime.job.JobRegistry();
        JobHost blind = new JobHost(registry, null, null, new HidingClassLoader(getClass().getClassLoader(),
                GatedNumbersJob.class.getName()), io.flinkstream.cluster.NodeSettings.load(), null,
                "node akka://blind@127.0.0.1:1", Duration.ofSeconds(5));
        JobSpec spec = new JobSpec(GatedNumbersJob.class.getName(), List.of(args("1")));

        // When the job manager's answer arrives and the node rebuilds the job
        JobPlanException error = assertThrows(JobPlanException.class, () -> new ClusterJobResolver(null, null, blind)
                .register("job-1", new JobManager.JobSpecReply("job-1", spec, "0123456789abcdef")));

        // Then it fails, naming the class and itself, and registers nothing
        assertTrue(error.getMessage().contains(GatedNumbersJob.class.getName()), error.getMessage());
        assertTrue(error.getMessage().contains("node akka://blind@127.0.0.1:1"), error.getMessage());
        assertEquals(null, registry.get("job-1"));
    }

    @Test
    void when_a_node_builds_another_graph_then_it_refuses_naming_class_and_node() {
        io.flinkstream.runtime.job.JobRegistry registry = new io.flinkstream.runtime.job.JobRegistry();
        JobHost other = new JobHost(registry, null, null, getClass().getClassLoader(),
                io.flinkstream.cluster.NodeSettings.load(), null, "node akka://other@127.0.0.1:2",
                Duration.ofSeconds(5));
        JobSpec spec = new JobSpec(GatedNumbersJob.class.getName(), List.of(args("1")));
        JobPlanException error = assertThrows(JobPlanException.class, () -> new ClusterJobResolver(null, null, other)
                .register("job-2", new JobManager.JobSpecReply("job-2", spec, "0123456789abcdef0123")));
        assertTrue(error.getMessage().contains("different job graph"), error.getMessage());
        assertTrue(error.getMessage().contains("node akka://other@127.0.0.1:2"), error.getMessage());
        assertEquals(null, registry.get("job-2"));
    }

    @Test
    void when_no_node_answers_at_the_seed_then_connect_fails_naming_the_address_in_bounded_time()
            throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClusterClient.connect(
                "127.0.0.1:" + port, com.typesafe.config.ConfigFactory.parseString(
                        "flinkstream.client.connect-timeout = 2s")));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "took too long");
        assertThrows(IllegalArgumentException.class, () -> ClusterClient.connect("no-port-here"));
    }

    /** A class loader that does not see some classes, as a node without the job's jar. */
    static final class HidingClassLoader extends ClassLoader {
        private final List<String> hidden;

        HidingClassLoader(ClassLoader parent, String... hidden) {
            super(parent);
            this.hidden = List.of(hidden);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (hidden.stream().anyMatch(name::startsWith)) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

}
