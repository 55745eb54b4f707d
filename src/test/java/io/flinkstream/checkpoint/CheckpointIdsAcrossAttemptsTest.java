package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.MemoryStateBackend;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.connectors.DiscardingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoint ids are unique over the whole life of a job: an attempt after a restart never takes a checkpoint with
 * an id an earlier attempt used, whether that checkpoint completed, was aborted or was still pending when the attempt
 * stopped — so nothing of an older attempt can be mistaken for the new attempt's checkpoint.
 */
class CheckpointIdsAcrossAttemptsTest extends EmbeddedNodeTestBase {
    /** Per run: attempt → the checkpoint ids its subtasks snapshotted. */
    private static final Map<String, Map<Integer, Set<Long>>> SEEN = new ConcurrentHashMap<>();

    private final String run = UUID.randomUUID().toString();

    @AfterEach
    void forget() {
        SEEN.remove(run);
    }

    @Test
    void given_a_job_restarting_right_after_checkpoints_when_it_ends_then_no_checkpoint_id_was_used_by_two_attempts()
            throws Exception {
        // Given a job with two checkpoints in flight at once, every attempt but the last failing while it takes the
        // checkpoint after its third completed one: an id used, never completed
        FaultyStateBackend backend = FaultyStateBackend.recording(new MemoryStateBackend());
        GatedSequenceSource source = new GatedSequenceSource(50_000,
                () -> backend.faults().completedIds().size() >= 20);
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().setMaxConcurrentCheckpoints(2);
        env.setStateBackend(backend);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(4, Duration.ZERO));
        SEEN.put(run, new ConcurrentHashMap<>());
        env.fromSource(source, "gated sequence").map(new RecordAndFail(run, 3)).keyBy(v -> v % 10)
                .reduce(Long::sum).addSink(new DiscardingSink<>());

        // When it runs to its end
        try {
            JobClient job = env.executeAsync("ids across attempts");
            job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        } finally {
            backend.forget();
            source.forget();
        }

        // Then every attempt used its own ids, each attempt's above the one before
        Map<Integer, Set<Long>> byAttempt = new TreeMap<>(SEEN.get(run));
        assertEquals(4, byAttempt.size(), "attempts: " + byAttempt);
        Set<Long> all = new TreeSet<>();
        long highestBefore = 0;
        for (Map.Entry<Integer, Set<Long>> attempt : byAttempt.entrySet()) {
            for (long id : attempt.getValue()) {
                assertTrue(all.add(id), "checkpoint " + id + " was used again by attempt " + attempt.getKey());
                assertTrue(id > highestBefore, "attempt " + attempt.getKey() + " went back to checkpoint " + id);
            }
            highestBefore = attempt.getValue().stream().mapToLong(Long::longValue).max().orElse(highestBefore);
        }
    }

    /** Records the checkpoints each attempt snapshots; fails each of the first attempts at a completed checkpoint. */
    static final class RecordAndFail extends RichMapFunction<Long, Long>
            implements CheckpointedFunction, CheckpointListener {
        private final String run;
        private final int failAtCompletion;
        private transient int completions;

        RecordAndFail(String run, int failAtCompletion) {
            this.run = run;
            this.failAtCompletion = failAtCompletion;
        }

        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            SEEN.get(run).computeIfAbsent(attempt, a -> new ConcurrentSkipListSet<>()).add(context.getCheckpointId());
            if (completions >= failAtCompletion && attempt < 3) {
                // This checkpoint has an id but will never complete: the next attempt must not take it again.
                throw new IllegalStateException("injected failure in checkpoint " + context.getCheckpointId()
                        + " of attempt " + attempt);
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completions++;
        }
    }
}
