package io.flinkstream.checkpoint;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichSinkFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint the coordinator aborts releases what the job holds for it at once: a keyed subtask aligned for it
 * reads on without waiting for the barrier that will never come, and user functions hear of it through
 * {@link CheckpointListener#notifyCheckpointAborted(long)}.
 */
class AbortedCheckpointTest extends EmbeddedNodeTestBase {
    private static final long GUARD_SECONDS = 30;
    private static final Map<String, Observed> OBSERVED = new ConcurrentHashMap<>();

    @TempDir
    Path checkpoints;

    private final String id = UUID.randomUUID().toString();

    @AfterEach
    void forget() {
        Observed observed = OBSERVED.remove(id);
        if (observed != null) {
            observed.release.countDown();
        }
    }

    /** What the test's source, keyed function and sink saw; shared by every copy through {@link #OBSERVED}. */
    static final class Observed {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch readPastTheBarrier = new CountDownLatch(1);
        final AtomicLong positionAtFirstBarrier = new AtomicLong(Long.MAX_VALUE);
        final Set<Long> abortedSeenBySink = new ConcurrentSkipListSet<>();
    }

    @Test
    void given_aCheckpointThatCanNeverAlign_when_itExpires_then_theAlignedChannelReadsOnAndFunctionsAreToldOfTheAbort()
            throws Exception {
        // Given source subtask 1 stalls in its snapshot of checkpoint 1, so the keyed subtask, aligned for it, has
        // its channel from source subtask 0 blocked; checkpoint 1 expires after 300 ms, and no other is due soon
        Observed observed = new Observed();
        OBSERVED.put(id, observed);
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(100);
        env.getCheckpointConfig().setCheckpointTimeout(300);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(600_000);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(5);
        FaultyStateBackend backend = FaultyStateBackend.recording(new FsStateBackend(checkpoints.toString()));
        env.setStateBackend(backend);
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSource(new StallingSource(id), "stalling source")
                .keyBy(v -> 0L)
                .process(new Forward()).setParallelism(1)
                .addSink(new AbortRecordingSink(id)).setParallelism(1);

        // When the job runs
        JobClient job = env.executeAsync("aborted checkpoint");
        boolean readOn;
        try {
            readOn = observed.readPastTheBarrier.await(GUARD_SECONDS, TimeUnit.SECONDS);
        } finally {
            observed.release.countDown();
        }
        job.getJobExecutionResult().get(GUARD_SECONDS, TimeUnit.SECONDS);
        waitUntilQuiet(backend);
        backend.forget();

        // Then the keyed subtask read records source subtask 0 emitted after its barrier while subtask 1 still
        // stalled (before the fix it waited for the stalled barrier), the sink heard checkpoint 1 was aborted, and
        // nothing of checkpoint 1 — whose stalled part was acknowledged late — is left on disk
        assertTrue(readOn, "the aligned channel stayed blocked after checkpoint 1 was aborted");
        assertTrue(observed.abortedSeenBySink.contains(1L), "aborted ids seen: " + observed.abortedSeenBySink);
        try (Stream<Path> left = Files.walk(checkpoints)) {
            assertEquals(List.of(), left.filter(Files::isRegularFile).map(checkpoints::relativize).toList());
        }
    }

    /** The stores delete asynchronously: waits until the job's store closed and no I/O runs in it. */
    static void waitUntilQuiet(FaultyStateBackend backend) throws InterruptedException {
        long deadline = System.currentTimeMillis() + GUARD_SECONDS * 1_000;
        while (!backend.faults().quiet()) {
            assertTrue(System.currentTimeMillis() < deadline, "hang guard: the snapshot store never became quiet");
            Thread.sleep(2);
        }
    }

    /** Forwards every record. */
    static final class Forward extends KeyedProcessFunction<Long, Long, Long> {
        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            out.collect(value);
        }
    }

    /** Notes when a record from after the first barrier arrives, and every checkpoint it is told was aborted. */
    static final class AbortRecordingSink extends RichSinkFunction<Long> implements CheckpointListener {
        private final String id;

        AbortRecordingSink(String id) {
            this.id = id;
        }

        @Override
        public void invoke(Long value, Context context) {
            Observed observed = OBSERVED.get(id);
            if (observed != null && value >= observed.positionAtFirstBarrier.get()) {
                observed.readPastTheBarrier.countDown();
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) {
            Observed observed = OBSERVED.get(id);
            if (observed != null) {
                observed.abortedSeenBySink.add(checkpointId);
            }
        }
    }

    /**
     * Subtask 0 emits 0, 1, 2, ... one per poll; subtask 1 emits nothing and, in its snapshot of checkpoint 1,
     * stalls until the test releases it. Both end once released.
     */
    record StallingSource(String id) implements Source<Long, Integer> {
        @Override
        public Boundedness getBoundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public List<Integer> initialSplits(int subtaskIndex, int parallelism) {
            return List.of(subtaskIndex);
        }

        @Override
        public SourceReader<Long, Integer> createReader(SourceReaderContext context) {
            return new StallingReader(id, context.subtaskIndex());
        }
    }

    private static final class StallingReader implements SourceReader<Long, Integer>, Serializable {
        private final String id;
        private final int subtask;
        private long next;

        StallingReader(String id, int subtask) {
            this.id = id;
            this.subtask = subtask;
        }

        @Override
        public void addSplits(List<Integer> splits) {
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            Observed observed = OBSERVED.get(id);
            if (observed == null || observed.release.getCount() == 0) {
                return InputStatus.END_OF_INPUT;
            }
            if (subtask == 0) {
                output.collect(next++);
            }
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public List<Integer> snapshotState(long checkpointId) {
            Observed observed = OBSERVED.get(id);
            if (observed != null && checkpointId == 1) {
                if (subtask == 0) {
                    observed.positionAtFirstBarrier.set(next);
                } else {
                    awaitRelease(observed);
                }
            }
            return List.of(subtask);
        }

        private static void awaitRelease(Observed observed) {
            try {
                observed.release.await(GUARD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
