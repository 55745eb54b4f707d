package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.connectors.ExactlyOnceFileSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run A retains checkpoints; job B restores A's newest and finishes, committing its output with the exactly-once
 * file sink; job C then tries to restore an older checkpoint of A. It would commit B's output a second time, so it is
 * refused, naming B's restore and what to restore instead, and the output stays exactly once.
 */
class StaleRestoreTest extends EmbeddedNodeTestBase {
    private static final long RECORDS = 50_000;

    @TempDir
    Path checkpoints;
    @TempDir
    Path output;

    private GatedSequenceSource source;

    @AfterEach
    void forget() {
        if (source != null) {
            source.forget();
        }
    }

    /** Fails in attempt 0 once two checkpoints completed, so that two are retained. */
    static final class FailAfterTwoCheckpoints extends RichMapFunction<Long, Long> implements CheckpointListener {
        private final boolean fail;
        private transient int completed;

        FailAfterTwoCheckpoints(boolean fail) {
            this.fail = fail;
        }

        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (fail && ++completed >= 2) {
                throw new IllegalStateException("run A dies after checkpoint " + checkpointId);
            }
        }
    }

    @Test
    void given_a_newer_checkpoint_restored_by_another_job_when_an_older_one_is_restored_then_it_is_refused()
            throws Exception {
        // Given run A, dead with two or more retained checkpoints
        JobClient runA = job(true).executeAsync("run A");
        assertThrows(ExecutionException.class, () -> runA.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        Path dirA = checkpoints.resolve(runA.getJobID());
        List<Long> retained = new FileSystemSnapshotStore(dirA).completedCheckpointIds();
        assertTrue(retained.size() >= 2, "retained " + retained);

        // and job B, restored from A's newest checkpoint, finished
        StreamExecutionEnvironment b = job(false);
        b.restoreFromCheckpoint(dirA.toString());
        JobClient jobB = b.executeAsync("job B");
        jobB.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEveryRecordCommittedOnce();

        // When job C restores an older checkpoint of A
        StreamExecutionEnvironment c = job(false);
        c.restoreFromCheckpoint(dirA.resolve("chk-" + retained.get(1)).toString());
        JobExecutionException refused = assertThrows(JobExecutionException.class, () -> c.execute("job C"));

        // Then it is refused, naming the newer restore and what to restore instead, and nothing is committed twice
        String message = refused.getMessage();
        assertTrue(message.contains("checkpoint " + retained.get(1) + " of " + dirA), message);
        assertTrue(message.contains("job " + jobB.getJobID() + " already restored from"), message);
        assertTrue(message.contains(dirA.resolve("chk-" + retained.get(0)).toString()), message);
        assertEveryRecordCommittedOnce();
    }

    @Test
    void given_a_restore_of_the_newest_checkpoint_when_it_is_restored_again_then_it_is_allowed() throws Exception {
        // Given
        JobClient runA = job(true).executeAsync("run A");
        assertThrows(ExecutionException.class, () -> runA.getJobExecutionResult().get(60, TimeUnit.SECONDS));
        Path dirA = checkpoints.resolve(runA.getJobID());
        RestoreMarkers.write(dirA, "an-earlier-attempt", new FileSystemSnapshotStore(dirA).completedCheckpointIds()
                .get(0));

        // When
        StreamExecutionEnvironment again = job(false);
        again.restoreFromCheckpoint(dirA.toString());
        JobClient job = again.executeAsync("same checkpoint again");
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        // Then it ran and marked its own restore
        assertTrue(Files.exists(dirA.resolve(RestoreMarkers.PREFIX + job.getJobID())));
    }

    private StreamExecutionEnvironment job(boolean runA) {
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setNumRetainedCheckpoints(3);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.setRestartStrategy(RestartStrategies.noRestart());
        // Run A's source never ends, so that it dies after its checkpoints rather than finishing
        source = new GatedSequenceSource(RECORDS, () -> !runA);
        env.fromSource(source, "numbers")
                .map(new FailAfterTwoCheckpoints(runA))
                .addSink(new ExactlyOnceFileSink<>(output.toString()));
        return env;
    }

    private void assertEveryRecordCommittedOnce() throws IOException {
        Map<Long, Integer> seen = new HashMap<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part)) {
                    seen.merge(Long.parseLong(line), 1, Integer::sum);
                }
            }
        }
        assertEquals(RECORDS, seen.size(), "records committed");
        seen.forEach((record, times) -> assertEquals(1, times, "times record " + record + " was committed"));
    }
}
