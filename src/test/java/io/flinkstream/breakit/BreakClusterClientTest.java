package io.flinkstream.breakit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobStatus;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.client.ClusterClient;
import io.flinkstream.client.ClusterJob;
import io.flinkstream.client.JobSubmissionException;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.cluster.jobs.JobManager;
import io.flinkstream.connectors.ExactlyOnceFileSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ClusterClient} and {@code flinkstream run --cluster} used the way a demanding user would: jobs whose main
 * throws or never executes, arguments with spaces, unicode, empty strings and option-like values that must reach
 * every node unchanged, the same job submitted twice at once, unknown job ids, addresses that are malformed, silent
 * or pasted from {@code akka.cluster.seed-nodes}, and a detached run followed by its status.
 */
class BreakClusterClientTest {
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    @TempDir
    static Path data;
    private static final List<FlinkStreamNode> nodes = new ArrayList<>();
    private static String name;

    @TempDir
    Path work;

    @BeforeAll
    static void startCluster() {
        name = "break-client-" + CLUSTERS.incrementAndGet();
        int firstPort = io.flinkstream.cluster.NodeProcesses.freePort();
        for (int i = 0; i < 2; i++) {
            Config config = ConfigFactory.parseString("""
                    akka.remote.artery.canonical.hostname = "127.0.0.1"
                    akka.remote.artery.canonical.port = %d
                    akka.cluster.seed-nodes = ["akka://%s@127.0.0.1:%d"]
                    akka.cluster.seed-node-timeout = 1s
                    akka.coordinated-shutdown.run-by-actor-system-terminate = off
                    akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                    flinkstream.job.deploy-timeout = 20s
                    """.formatted(i == 0 ? firstPort : 0, name, firstPort))
                    .withValue("flinkstream.system-name", ConfigValueFactory.fromAnyRef(name))
                    .withValue("flinkstream.cluster.journal.url", ConfigValueFactory.fromAnyRef(
                            "jdbc:h2:file:" + data.resolve("journal") + ";WRITE_DELAY=0"));
            nodes.add(FlinkStreamNode.start(config, BreakClusterClientTest.class.getClassLoader()));
        }
    }

    @AfterAll
    static void stopCluster() {
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (FlinkStreamNode node : nodes) {
            node.system().terminate();
            closing.add(node.system().getWhenTerminated().toCompletableFuture());
        }
        closing.forEach(CompletableFuture::join);
    }

    private static String seed() {
        return "127.0.0.1:" + nodes.get(0).system().address().port().get();
    }

    private static Config clientConfig() {
        return ConfigFactory.parseString("flinkstream.system-name = \"" + name + "\"\n"
                + "flinkstream.client.connect-timeout = 5s\n");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Job classes as users write them

    /** Writes each of its arguments after the first two (output folder, checkpoints folder) once, hex-encoded. */
    public static final class EchoArgsJob {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(50);
            env.setStateBackend(new FsStateBackend(args[1]));
            String[] payload = java.util.Arrays.copyOfRange(args, 2, args.length);
            env.fromElements(String.class, payload)
                    .map(new Hex()).returns(Types.STRING)
                    .addSink(new ExactlyOnceFileSink<>(args[0]));
            env.execute("echo args");
        }
    }

    /** An argument's UTF-8 bytes in hex: one line whatever the argument holds. */
    static final class Hex implements MapFunction<String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String map(String value) {
            return HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A main that fails before building anything, as a job whose input is missing. */
    public static final class ThrowingMainJob {
        public static void main(String[] args) {
            throw new IllegalStateException("input folder /nowhere/in is missing");
        }
    }

    /** A main that builds a job and forgets to execute it. */
    public static final class NeverExecutesJob {
        public static void main(String[] args) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSequence(0, 10).print();
        }
    }

    /** The committed arguments of an {@link EchoArgsJob}, decoded. */
    private static List<String> committed(Path out) throws IOException {
        List<String> seen = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    seen.add(new String(HexFormat.of().parseHex(line), StandardCharsets.UTF_8));
                }
            }
        }
        seen.sort(null);
        return seen;
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }

    private static final List<String> ODD_ARGS = List.of("two words", "  leading and trailing  ", "",
            "unicode: Grüße, 日本語, emoji 😀", "--detached", "--cluster", "tab\there", "line\nbreak",
            "quote \" and back\\slash", "${HOME}", "a=b");

    private String[] echoArgs(Path out, Path checkpoints) {
        List<String> all = new ArrayList<>(List.of(out.toString(), checkpoints.toString()));
        all.addAll(ODD_ARGS);
        return all.toArray(String[]::new);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Submission

    @Test
    void odd_arguments_reach_the_job_unchanged_on_every_node() throws Exception {
        // Given output and checkpoint folders whose paths hold a space and non-ASCII letters
        Path out = Files.createDirectories(work.resolve("out dir é"));
        Path checkpoints = Files.createDirectories(work.resolve("chk dir ü"));
        try (ClusterClient client = ClusterClient.connect(seed(), clientConfig())) {
            // When
            ClusterJob job = client.submit(EchoArgsJob.class.getName(), echoArgs(out, checkpoints));
            JobManager.JobStatusReply end = job.awaitTermination(Duration.ofSeconds(60));

            // Then the job ran (a node that rebuilt it from the journal's arguments built the same graph)
            assertEquals(JobStatus.FINISHED, end.status(), String.valueOf(end.failure()));
            assertEquals(sorted(ODD_ARGS), committed(out));
        }
    }

    @Test
    void the_cli_passes_option_like_arguments_after_the_class_to_the_job() throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        Path checkpoints = Files.createDirectories(work.resolve("chk"));
        List<String> command = new ArrayList<>(List.of("--cluster", seed(), EchoArgsJob.class.getName()));
        command.addAll(List.of(echoArgs(out, checkpoints)));
        Cli cli = cli(command.toArray(String[]::new));
        assertEquals(0, cli.code, cli.out + cli.err);
        assertEquals(sorted(ODD_ARGS), committed(out));
    }

    @Test
    void a_main_that_throws_is_refused_with_its_error_and_class() {
        try (ClusterClient client = ClusterClient.connect(seed(), clientConfig())) {
            JobSubmissionException refused = assertThrows(JobSubmissionException.class,
                    () -> client.submit(ThrowingMainJob.class.getName(), "x"));
            assertTrue(refused.getMessage().contains("input folder /nowhere/in is missing"), refused.getMessage());
            assertTrue(refused.getMessage().contains(ThrowingMainJob.class.getName()), refused.getMessage());
        }
    }

    @Test
    void a_main_that_never_executes_is_refused_saying_so() {
        try (ClusterClient client = ClusterClient.connect(seed(), clientConfig())) {
            JobSubmissionException refused = assertThrows(JobSubmissionException.class,
                    () -> client.submit(NeverExecutesJob.class.getName()));
            assertTrue(refused.getMessage().contains(NeverExecutesJob.class.getName()), refused.getMessage());
            assertTrue(refused.getMessage().contains("execute"), refused.getMessage());
        }
    }

    @Test
    void the_cli_exits_1_with_the_reason_when_main_throws() throws Exception {
        Cli cli = cli("--cluster", seed(), ThrowingMainJob.class.getName());
        assertEquals(1, cli.code, cli.out + cli.err);
        assertTrue(cli.err.contains("input folder /nowhere/in is missing"), cli.err);
    }

    @Test
    void the_cli_detached_or_not_exits_1_naming_a_refusal_or_a_dead_seed() throws Exception {
        Cli refused = cli("--detached", "--cluster", seed(), ThrowingMainJob.class.getName());
        assertEquals(1, refused.code, refused.out + refused.err);
        assertTrue(refused.err.contains("input folder /nowhere/in is missing"), refused.err);
        assertFalse(refused.out.contains("submitted"), refused.out);

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        System.setProperty("flinkstream.client.connect-timeout", "1s");
        try {
            Cli dead = cli("--cluster", "127.0.0.1:" + port, EchoArgsJob.class.getName());
            assertEquals(1, dead.code, dead.out + dead.err);
            assertTrue(dead.err.contains("No FlinkStream node answered at 127.0.0.1:" + port + " within 1 s"),
                    dead.err);
        } finally {
            System.clearProperty("flinkstream.client.connect-timeout");
            ConfigFactory.invalidateCaches();
        }
        Cli pasted = cli("--cluster", "akka://" + name + "@" + seed(), EchoArgsJob.class.getName());
        assertEquals(1, pasted.code, pasted.out + pasted.err);
        assertTrue(pasted.err.contains("host:port"), pasted.err);
    }

    @Test
    void the_same_job_submitted_twice_at_once_runs_twice_under_two_ids() throws Exception {
        Path out1 = Files.createDirectories(work.resolve("out1"));
        Path out2 = Files.createDirectories(work.resolve("out2"));
        Path checkpoints = Files.createDirectories(work.resolve("chk"));
        try (ClusterClient first = ClusterClient.connect(seed(), clientConfig());
             ClusterClient second = ClusterClient.connect(seed(), clientConfig())) {
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<ClusterJob> a = CompletableFuture.supplyAsync(() -> {
                await(go);
                return first.submit(EchoArgsJob.class.getName(), out1.toString(), checkpoints.toString(), "a", "b");
            });
            CompletableFuture<ClusterJob> b = CompletableFuture.supplyAsync(() -> {
                await(go);
                return second.submit(EchoArgsJob.class.getName(), out2.toString(), checkpoints.toString(), "a", "b");
            });
            go.countDown();
            ClusterJob jobA = a.get(60, TimeUnit.SECONDS);
            ClusterJob jobB = b.get(60, TimeUnit.SECONDS);

            assertNotEquals(jobA.jobId(), jobB.jobId());
            assertEquals(JobStatus.FINISHED, jobA.awaitTermination(Duration.ofSeconds(60)).status());
            assertEquals(JobStatus.FINISHED, jobB.awaitTermination(Duration.ofSeconds(60)).status());
            assertEquals(List.of("a", "b"), committed(out1));
            assertEquals(List.of("a", "b"), committed(out2));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void status_and_cancel_of_an_unknown_job_say_the_cluster_does_not_know_it() throws Exception {
        try (ClusterClient client = ClusterClient.connect(seed(), clientConfig())) {
            ClusterJob unknown = client.job("0123456789abcdef0123456789abcdef");
            JobManager.JobStatusReply status = unknown.status();
            assertNull(status.status());
            assertTrue(status.failure().contains("does not know job 0123456789abcdef0123456789abcdef"),
                    status.failure());
            JobManager.JobStatusReply cancelled = unknown.cancel();
            assertNull(cancelled.status());
            assertTrue(cancelled.failure().contains("does not know job"), cancelled.failure());
            // awaiting an unknown job returns at once instead of polling until the deadline
            long start = System.nanoTime();
            assertNull(unknown.awaitTermination(Duration.ofSeconds(30)).status());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
            // an id that is not a job id at all is simply unknown, never an actor-name error
            assertNull(client.job("../system/../x y").status().status());
        }
    }

    @Test
    void a_detached_run_returns_its_id_and_the_job_can_be_followed_afterwards() throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        Path checkpoints = Files.createDirectories(work.resolve("chk"));
        Cli cli = cli("--cluster", seed(), "--detached", EchoArgsJob.class.getName(), out.toString(),
                checkpoints.toString(), "only");
        assertEquals(0, cli.code, cli.out + cli.err);
        Matcher id = Pattern.compile("Job ([0-9a-f]{32}) submitted").matcher(cli.out);
        assertTrue(id.find(), cli.out);
        try (ClusterClient client = ClusterClient.connect(seed(), clientConfig())) {
            assertEquals(JobStatus.FINISHED,
                    client.job(id.group(1)).awaitTermination(Duration.ofSeconds(60)).status());
        }
        assertEquals(List.of("only"), committed(out));
    }

    /** Emits {@code [1, 100]} and then runs until cancelled. */
    public static final class EndlessJob {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(50);
            env.setStateBackend(new FsStateBackend(args[1]));
            env.fromSource(new BreakEmbeddingTest.EndlessAfterRange(1, 100), "endless", Types.LONG)
                    .addSink(new ExactlyOnceFileSink<>(args[0]));
            env.execute("endless");
        }
    }

    @Test
    void cancelling_a_running_job_twice_ends_it_once_and_the_second_cancel_reports_its_end() throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        Path checkpoints = Files.createDirectories(work.resolve("chk"));
        try (ClusterClient client = ClusterClient.connect(seed(), clientConfig())) {
            ClusterJob job = client.submit(EndlessJob.class.getName(), out.toString(), checkpoints.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (job.status().lastCheckpoint() < 1) {
                assertTrue(System.nanoTime() < deadline, "no checkpoint: " + job.status());
                Thread.sleep(50);
            }
            job.cancel();
            assertEquals(JobStatus.CANCELED, job.awaitTermination(Duration.ofSeconds(30)).status());
            JobManager.JobStatusReply again = job.cancel();
            assertEquals(JobStatus.CANCELED, again.status());
            assertEquals(JobStatus.CANCELED, client.job(job.jobId()).status().status());
        }
    }

    @Test
    void a_closed_client_refuses_further_calls_at_once_instead_of_hanging() {
        ClusterClient client = ClusterClient.connect(seed(), clientConfig());
        ClusterJob job = client.job("0123456789abcdef0123456789abcdef");
        client.close();
        long start = System.nanoTime();
        RuntimeException e = assertThrows(RuntimeException.class, job::status);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "took too long");
        assertTrue(String.valueOf(e.getMessage()).contains("closed"), String.valueOf(e.getMessage()));
        assertThrows(RuntimeException.class, () -> client.submit(EchoArgsJob.class.getName()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Addresses

    @Test
    void an_akka_address_pasted_from_the_seed_nodes_is_refused_or_understood() {
        String pasted = "akka://" + name + "@" + seed();
        try (ClusterClient client = ClusterClient.connect(pasted, clientConfig())) {
            // understood: it must reach the cluster
            assertNull(client.job("0123").status().status());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains(pasted), e.getMessage());
            assertTrue(e.getMessage().contains("host:port"), e.getMessage());
        }
    }

    @Test
    void malformed_addresses_are_refused_naming_them() {
        for (String bad : List.of("127.0.0.1", "127.0.0.1:", ":2552", "127.0.0.1:0", "127.0.0.1:65536",
                "127.0.0.1:http", "127.0.0.1:-1", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClusterClient.connect(bad, clientConfig()), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void a_silent_seed_fails_connect_within_the_timeout_naming_it_and_the_timeout() throws Exception {
        // Given a port that accepts TCP connections and never says a word
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-seed");
            acceptor.setDaemon(true);
            acceptor.start();
            String address = "127.0.0.1:" + silent.getLocalPort();
            long start = System.nanoTime();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClusterClient.connect(address,
                    clientConfig().withFallback(ConfigFactory.parseString(""))
                            .withValue("flinkstream.client.connect-timeout",
                                    ConfigValueFactory.fromAnyRef("1500ms"))));
            long took = System.nanoTime() - start;
            assertTrue(e.getMessage().contains(address), e.getMessage());
            assertTrue(e.getMessage().contains("flinkstream.client.connect-timeout"), e.getMessage());
            // the timeout it names is the one set, not a rounded one ("within 1 s")
            assertTrue(e.getMessage().contains("1500 ms") || e.getMessage().contains("1.5 s"), e.getMessage());
            assertTrue(took < TimeUnit.SECONDS.toNanos(6), "took " + took / 1_000_000 + " ms");
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void a_live_cluster_under_another_name_is_reported_with_the_name_the_client_used() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClusterClient.connect(seed(),
                ConfigFactory.parseString("flinkstream.system-name = \"wrong-name\"\n"
                        + "flinkstream.client.connect-timeout = 2s\n")));
        assertTrue(e.getMessage().contains(seed()), e.getMessage());
        assertTrue(e.getMessage().contains("'wrong-name' (flinkstream.system-name)"), e.getMessage());
    }

    @Test
    void a_connect_timeout_that_is_not_a_duration_names_the_key() {
        Exception e = assertThrows(Exception.class, () -> ClusterClient.connect(seed(),
                ConfigFactory.parseString("flinkstream.client.connect-timeout = \"ten seconds\"")));
        assertTrue(e.getMessage().contains("flinkstream.client.connect-timeout"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String previous = System.getProperty("flinkstream.system-name");
        System.setProperty("flinkstream.system-name", name);
        ConfigFactory.invalidateCaches();
        try {
            int code = io.flinkstream.cli.RunCommandAccess.run(args, new PrintStream(stdout, true,
                    StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
            return new Cli(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            if (previous == null) {
                System.clearProperty("flinkstream.system-name");
            } else {
                System.setProperty("flinkstream.system-name", previous);
            }
            ConfigFactory.invalidateCaches();
        }
    }
}
