package io.flinkstream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench --cluster-jvms}: W1 on three node JVMs against one JVM, end to end at a small size. Asserts what the
 * bench measures is there and the result is right, never a rate.
 */
class ClusterBenchTest {
    private static final long RECORDS = 200_000;
    private static final List<String> SMALL_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @Test
    void when_w1_runs_on_three_jvms_then_batches_cross_the_wire_serialized_and_every_record_is_counted_once()
            throws Exception {
        // Given
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        ClusterBench.Options options = new ClusterBench.Options(3, RECORDS, 3, 1, SMALL_JVM);

        // When (the bench itself fails unless each run counted every record once and every key in one subtask)
        List<ClusterBench.Run> runs = ClusterBench.run(options, out);

        // Then one round: A (one JVM), then B (three JVMs)
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("1 JVM r1", "3 JVMs r1"), runs.stream().map(r -> r.side() + " " + r.phase()).toList(),
                printed);
        ClusterBench.Run local = runs.get(0);
        ClusterBench.Run cluster = runs.get(1);
        // and nothing crossed a wire in one JVM
        assertEquals(0, local.batches(), printed);
        // while on three JVMs batches crossed, and writing and reading them was timed on both ends
        assertTrue(cluster.batches() > 0 && cluster.wireBytes() > cluster.batches(), printed);
        // W1's Long record is 8 bytes, plus the key group (the key is derived again where it arrives)
        assertTrue(cluster.wireBytes() >= 9L * cluster.batches(), printed);
        // the one-JVM side says what the idle nodes took meanwhile
        assertTrue(local.idleNodesCpuNanos() >= 0 && cluster.idleNodesCpuNanos() == -1, printed);
        assertTrue(printed.contains("idle nodes' cpu="), printed);
        assertTrue(cluster.serializeNanos() > 0, printed);
        assertTrue(cluster.deserializeNanos() > 0, printed);
        assertTrue(cluster.frameNanos() > 0, printed);
        assertTrue(cluster.cpuNanos() > 0, printed);
        assertTrue(cluster.serializationShare() > 0 && cluster.serializationShare() < 1, printed);
        // and every node hosted subtasks of the job
        for (String node : List.of("node-1 [", "node-2 [", "node-3 [")) {
            assertTrue(cluster.placement().contains(node), printed);
        }
        assertTrue(printed.contains("Summary of 1 rounds"), printed);
        assertTrue(printed.contains("B/A of the medians"), printed);
    }

    @Test
    void when_options_are_wrong_then_the_error_names_the_option_and_the_value() {
        assertMessage("--cluster-jvms takes a positive whole number, not '0'", "--cluster-jvms", "0");
        assertMessage("--cluster-jvms runs W1 only, not W0", "--cluster-jvms", "3", "--workloads", "W0");
        assertMessage("--parallelism takes a positive whole number, not 'two'", "--cluster-jvms", "3",
                "--parallelism", "two");
        assertMessage("--rounds must be 0", "--cluster-jvms", "3", "--rounds", "-1");
        assertMessage("--records needs a value", "--cluster-jvms", "3", "--records");
        assertMessage("--records takes a positive whole number, not '-5'", "--cluster-jvms", "3", "--records", "-5");
        assertMessage("--cluster-jvms needs a number of JVMs", "--rounds", "2");
        assertMessage("Unknown option --compare with --cluster-jvms", "--cluster-jvms", "3", "--compare", "W1,W0");
        assertMessage("--warm-up-runs must be 0 or more, not -1", "--cluster-jvms", "3", "--warm-up-runs", "-1");
    }

    @Test
    void when_nothing_but_the_jvms_is_given_then_parallelism_puts_a_subtask_of_each_vertex_on_every_jvm() {
        ClusterBench.Options options = ClusterBench.Options.parse(new String[] {"--cluster-jvms", "3"});

        assertEquals(Math.max(3, Runtime.getRuntime().availableProcessors()), options.parallelism());
        assertEquals(20_000_000, options.records());
        assertEquals(4, options.rounds());
        assertEquals(1, options.warmUpRuns());
        assertEquals(3, ClusterBench.Options.parse(
                new String[] {"--cluster-jvms", "3", "--warm-up-runs", "3"}).warmUpRuns());
        // and records past an int are fine
        assertEquals(3_000_000_000L, ClusterBench.Options.parse(
                new String[] {"--cluster-jvms", "3", "--records", "3_000_000_000"}).records());
    }

    @Test
    void when_a_keyed_subtask_reported_no_end_then_the_report_says_which_is_missing(@TempDir Path dir)
            throws Exception {
        // Given subtask 0 counted and ended, subtask 1 counted but never reported its end
        Files.writeString(dir.resolve("count-a"), "0 11 100 100 5");
        Files.writeString(dir.resolve("end-a"), "9");
        Files.writeString(dir.resolve("count-b"), "1 12 100 100 6");

        // When, Then
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> W1Job.readReport(dir, 2));
        assertTrue(e.getMessage().contains("left 1 end reports of 2"), e.getMessage());
    }

    @Test
    void when_both_subtasks_reported_then_the_report_adds_them_up(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("count-a"), "0 11 100 60 5");
        Files.writeString(dir.resolve("end-a"), "9");
        Files.writeString(dir.resolve("count-b"), "1 12 50 40 6");
        Files.writeString(dir.resolve("end-b"), "8");

        assertEquals(new W1Job.Report(150, 100, 5, 9, List.of(11L, 12L)), W1Job.readReport(dir, 2));
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterBench.Options.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
