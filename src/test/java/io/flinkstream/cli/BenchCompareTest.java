package io.flinkstream.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench --compare}, run in process at a small size. */
class BenchCompareTest {

    @Test
    void when_comparing_two_workloads_then_warm_ups_come_first_and_the_rounds_run_in_abba_order() throws Exception {
        // Given
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        // When
        List<Bench.Run> measured = Bench.compare(200_000, "W0", "W1", 2, out);

        // Then the measured runs follow A B B A, each over every record
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("W0 r1", "W1 r1", "W1 r2", "W0 r2"),
                measured.stream().map(r -> r.workload() + " " + r.phase()).toList(), printed);
        measured.forEach(run -> assertEquals(200_000, run.records(), run.toString()));
        // and are printed after one warm-up of each, followed by the summary
        List<String> runLines = printed.lines().filter(l -> l.startsWith("W")).toList();
        assertEquals(6, runLines.size(), printed);
        assertTrue(runLines.get(0).startsWith("W0  warm-up "), printed);
        assertTrue(runLines.get(1).startsWith("W1  warm-up "), printed);
        assertEquals(measured.stream().map(Bench.Run::toString).toList(), runLines.subList(2, 6));
        assertTrue(printed.contains("Summary of 2 rounds"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("  B/A per round: r1 ")), printed);
    }
}
