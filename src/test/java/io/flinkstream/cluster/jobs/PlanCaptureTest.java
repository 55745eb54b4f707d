package io.flinkstream.cluster.jobs;

import com.typesafe.config.Config;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.cluster.NodeSettings;
import io.flinkstream.connectors.ExactlyOnceFileSink;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobGraphFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job class's main rebuilds the same graph, with the submitter's job id, and runs nothing. */
class PlanCaptureTest {
    private static final Config SETTINGS = NodeSettings.load();
    private static final String WHERE = "node test-node";

    @TempDir
    Path out;
    @TempDir
    Path checkpoints;

    private JobSpec spec(String parallelism) {
        return new JobSpec(GatedNumbersJob.class.getName(),
                List.of(out.toString(), checkpoints.toString(), "1000", "open", parallelism));
    }

    private JobGraph capture(JobSpec spec, String jobId) {
        return PlanCapture.run(spec, jobId, getClass().getClassLoader(), SETTINGS, WHERE);
    }

    @Test
    void when_a_job_is_captured_twice_then_both_graphs_have_the_given_id_and_one_fingerprint() throws Exception {
        // When
        JobGraph first = capture(spec("2"), "job-a");
        JobGraph second = capture(spec("2"), "job-a");

        // Then
        assertEquals("job-a", first.jobId());
        assertEquals("job-a", second.jobId());
        assertEquals(JobGraphFingerprint.of(first), JobGraphFingerprint.of(second));
        // and no job ran: the exactly-once sink committed nothing
        try (var files = Files.list(out)) {
            assertEquals(0, files.count());
        }
        assertFalse(PlanCapture.isActive());
    }

    @Test
    void when_an_argument_changes_the_parallelism_then_the_fingerprint_differs() {
        assertNotEquals(JobGraphFingerprint.of(capture(spec("1"), "j")),
                JobGraphFingerprint.of(capture(spec("2"), "j")));
    }

    /** A main that puts a random number into a function builds a different job on every node. */
    public static final class RandomJob {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            long salt = new java.util.Random().nextLong();
            env.setStateBackend(new FsStateBackend(args[1]));
            env.fromSequence(0, 10).map(new Salted(salt)).addSink(new ExactlyOnceFileSink<>(args[0]));
            env.execute("random");
        }
    }

    static final class Salted implements io.flinkstream.api.MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final long salt;

        Salted(long salt) {
            this.salt = salt;
        }

        @Override
        public Long map(Long value) {
            return value + salt;
        }
    }

    @Test
    void when_main_captures_a_random_value_then_two_captures_differ() {
        JobSpec random = new JobSpec(RandomJob.class.getName(), List.of(out.toString(), checkpoints.toString()));
        assertNotEquals(JobGraphFingerprint.of(capture(random, "j")), JobGraphFingerprint.of(capture(random, "j")));
    }

    @Test
    void when_the_job_class_is_missing_then_the_error_names_the_class_the_node_and_where_jars_go() {
        JobPlanException e = assertThrows(JobPlanException.class,
                () -> capture(new JobSpec("com.example.NoSuchJob", List.of()), "j"));
        assertTrue(e.getMessage().contains("com.example.NoSuchJob"), e.getMessage());
        assertTrue(e.getMessage().contains(WHERE), e.getMessage());
        assertTrue(e.getMessage().contains("lib/"), e.getMessage());
    }

    /** Odd but legal user code: a main that never calls execute, and one that throws. */
    public static final class NoExecuteJob {
        public static void main(String[] args) {
            StreamExecutionEnvironment.getExecutionEnvironment().fromSequence(0, 1).print();
        }
    }

    public static final class ThrowingJob {
        public static void main(String[] args) {
            throw new IllegalArgumentException("needs an --input argument");
        }
    }

    /** Catches everything execute throws, as careless user code does; the graph is still captured. */
    public static final class SwallowingJob {
        public static void main(String[] args) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSequence(0, 1).print();
            try {
                env.execute("swallowed");
            } catch (Throwable ignored) {
                // user code that hides every failure
            }
        }
    }

    @Test
    void when_main_misbehaves_then_the_error_says_how() {
        JobPlanException none = assertThrows(JobPlanException.class,
                () -> capture(new JobSpec(NoExecuteJob.class.getName(), List.of()), "j"));
        assertTrue(none.getMessage().contains("without calling execute()"), none.getMessage());
        JobPlanException threw = assertThrows(JobPlanException.class,
                () -> capture(new JobSpec(ThrowingJob.class.getName(), List.of()), "j"));
        assertTrue(threw.getMessage().contains("needs an --input argument"), threw.getMessage());
        assertTrue(threw.getMessage().contains(ThrowingJob.class.getName()), threw.getMessage());
        assertEquals("j", capture(new JobSpec(SwallowingJob.class.getName(), List.of()), "j").jobId());
    }
}
