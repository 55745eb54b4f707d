package io.flinkstream.samples.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster sample job, run on the embedded node at a small size: its output verifies as exact, its verification
 * finds a duplicated and a missing line, and its source keeps to its rate.
 */
class ClusterVisitsTest {
    @TempDir
    Path dir;

    @Test
    void runs_at_its_rate_and_its_output_verifies_exactly() throws Exception {
        Path out = dir.resolve("out");
        String[] args = {"--visits", "60000", "--pages", "30", "--every", "100", "--rate", "30000",
                "--parallelism", "2", "--out", out.toString()};
        long start = System.nanoTime();
        ClusterVisits.main(args);
        long millis = (System.nanoTime() - start) / 1_000_000;
        // 60,000 visits at 30,000 per second cannot be read in much less than two seconds.
        assertTrue(millis >= 1_600, "the rate was not kept: " + millis + " ms");

        ClusterVisits.Options options = ClusterVisits.Options.parse(args);
        assertEquals(List.of(), ClusterVisits.verify(out, options));

        // A line committed twice, and one missing, are both found.
        Path part;
        try (Stream<Path> files = Files.list(out)) {
            part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(part);
        Files.writeString(part, String.join("\n", lines) + "\n" + lines.get(0) + "\n");
        Files.write(part, lines.subList(1, lines.size()));
        Files.writeString(out.resolve("part-extra.txt"), lines.get(1) + "\n");
        List<String> problems = ClusterVisits.verify(out, options);
        assertTrue(problems.contains("missing: " + lines.get(0)), problems.toString());
        assertTrue(problems.contains("duplicated 2 times: " + lines.get(1)), problems.toString());
    }

    @Test
    void refuses_a_visit_count_that_leaves_pages_between_multiples() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterVisits.Options.parse(new String[] {"--visits", "1234"}));
        assertTrue(e.getMessage().contains("--visits must be a multiple"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
