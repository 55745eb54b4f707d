package io.flinkstream.cli;

import io.flinkstream.samples.PageViewCounter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two commands, run in process at a small size: the page-view counter and the benchmark. */
class PageViewCounterTest {

    private static List<String> lines(ByteArrayOutputStream buffer) {
        return List.of(buffer.toString(StandardCharsets.UTF_8).split("\\R"));
    }

    @Test
    void when_counting_page_views_then_every_pages_count_is_exact() throws Exception {
        // Given
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        // When
        boolean exact = PageViewCounter.run(new PageViewCounter.Options(200_000, 500, 2), out);

        // Then
        List<String> printed = lines(buffer);
        assertTrue(exact, String.join("\n", printed));
        assertTrue(printed.stream().anyMatch(l -> l.startsWith("Check:") && l.endsWith("EXACT")),
                String.join("\n", printed));
        assertTrue(printed.stream().anyMatch(l -> l.equals("Top pages:")), String.join("\n", printed));
    }

    @Test
    void given_an_injected_failure_when_counting_page_views_then_the_job_restarts_and_the_counts_stay_exact()
            throws Exception {
        // Given a failure in the first attempt, after checkpoints every 10 ms had a chance to complete
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        // When
        boolean exact = PageViewCounter.run(new PageViewCounter.Options(1_000_000, 500, 2, 10, 800_000), out);

        // Then the run shows the restart and its result is still exact
        List<String> printed = lines(buffer);
        assertTrue(exact, String.join("\n", printed));
        assertTrue(printed.stream().anyMatch(l -> l.startsWith("Restarts: 1;")), String.join("\n", printed));
    }

    @Test
    void when_benchmarking_two_workloads_then_each_runs_cold_and_warm_over_every_record() throws Exception {
        // Given
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        // When
        List<Bench.Run> runs = Bench.run(200_000, List.of("W0", "W1"), out);

        // Then
        assertEquals(List.of("W0 cold", "W0 warm", "W1 cold", "W1 warm"),
                runs.stream().map(r -> r.workload() + " " + r.phase()).toList());
        runs.forEach(run -> assertEquals(200_000, run.records(), run.toString()));
        List<String> runLines = lines(buffer).stream().filter(l -> l.startsWith("W")).toList();
        assertEquals(4, runLines.size(), String.join("\n", lines(buffer)));
        String records = "records=" + String.format("%,d", 200_000);
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(runs.get(i).toString(), runLines.get(i));
            assertTrue(runLines.get(i).contains(records), runLines.get(i));
        }
    }
}
