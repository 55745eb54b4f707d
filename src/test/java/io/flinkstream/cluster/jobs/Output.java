package io.flinkstream.cluster.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What an exactly-once file sink committed. */
final class Output {
    private Output() {
    }

    /** Asserts the committed files hold each of {@code [0, count)} exactly once: the failure-free output. */
    static void assertEachNumberOnce(Path dir, long count) throws IOException {
        Map<Long, Integer> seen = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part)) {
                    seen.merge(Long.parseLong(line), 1, Integer::sum);
                }
            }
        }
        seen.forEach((n, times) -> assertEquals(1, times, "times " + n + " was committed"));
        assertEquals(count, seen.size(), "numbers committed");
    }
}
