package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.connectors.DiscardingSink;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source subtask that has read all its input but cannot yet send its end of data (no credit) is still running,
 * so it takes the checkpoints triggered meanwhile. Their barriers must go out behind its end of data and never
 * behind its end of partition: the receiver's {@link BarrierAligner} throws "Input channel 0 delivered a barrier
 * for checkpoint n after it ended" when another input channel is still open, failing a job that did nothing wrong.
 * Found by {@link FaultInjectionTest}, where it showed up as an extra restart at the end of a bounded job.
 */
class SourceEndRaceTest extends EmbeddedNodeTestBase {
    /**
     * One record more than the credit of one channel (4 batches of 1024, the defaults) while the receiver holds its
     * first batch: the last, partial batch and the end of partition behind it wait for credit.
     */
    private static final long RECORDS_PER_SOURCE = 4 * 1024 + 1;
    private static final long HANG_GUARD_MILLIS = 30_000;
    private static final long TRIGGER_WINDOW_MILLIS = 200;

    @Test
    void given_a_source_waiting_for_credit_to_end_when_a_checkpoint_is_triggered_then_the_job_still_finishes()
            throws Exception {
        // Given two source subtasks (two input channels of one receiver) whose last batch, and so its end of partition, must wait for credit, and a
        // downstream map that holds its first record until the source snapshotted a checkpoint after its end
        GatedSequenceSource source = new GatedSequenceSource(2 * RECORDS_PER_SOURCE, () -> true);
        try {
            StreamExecutionEnvironment env = env(2);
            env.enableCheckpointing(10);
            env.getCheckpointConfig().setMaxConcurrentCheckpoints(100);
            env.setRestartStrategy(RestartStrategies.noRestart());
            env.fromSource(source, "fills the credit").keyBy(v -> v % 10)
                    .map(new HoldFirstRecordUntil(source)).name("held map").setParallelism(1)
                    .addSink(new DiscardingSink<>()).setParallelism(1);

            // When it runs
            JobClient job = env.executeAsync("source end race");

            // Then it finishes: a checkpoint taken while the source finishes must not put a barrier after its end
            // of partition
            try {
                job.getJobExecutionResult().get(HANG_GUARD_MILLIS, TimeUnit.MILLISECONDS);
            } finally {
                if (!job.getJobExecutionResult().isDone()) {
                    job.cancel();
                }
            }
            assertTrue(source.endedReaders() == 2, "both readers ended while the map held the pipeline");
            assertTrue(!source.snapshotsAfterEnd().isEmpty(), "the sources snapshotted after reading everything: "
                    + "the final checkpoint covers the end of their input before they end their partitions");
        } finally {
            source.forget();
        }
    }

    /**
     * Busy-waits on its first record (a test harness only: operators must not block) until both readers answered
     * END_OF_INPUT, then for {@link #TRIGGER_WINDOW_MILLIS} more, so checkpoints are triggered (every 10 ms) while
     * the sources finish with their end of partition waiting for credit. The window can only fail to provoke the
     * race, never fail a correct run.
     */
    static final class HoldFirstRecordUntil extends RichMapFunction<Long, Long> {
        private final GatedSequenceSource source;
        private transient boolean held;

        HoldFirstRecordUntil(GatedSequenceSource source) {
            this.source = source;
        }

        @Override
        public Long map(Long value) {
            if (!held) {
                held = true;
                long deadline = System.currentTimeMillis() + HANG_GUARD_MILLIS / 3;
                while (source.endedReaders() < 2 && System.currentTimeMillis() < deadline) {
                    Thread.onSpinWait();
                }
                long windowEnd = System.currentTimeMillis() + TRIGGER_WINDOW_MILLIS;
                while (System.currentTimeMillis() < windowEnd) {
                    Thread.onSpinWait();
                }
            }
            return value;
        }
    }
}
