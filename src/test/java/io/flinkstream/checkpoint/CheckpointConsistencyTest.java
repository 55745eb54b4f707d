package io.flinkstream.checkpoint;

import io.flinkstream.api.CheckpointingMode;
import io.flinkstream.api.Collector;
import io.flinkstream.api.ExternalizedCheckpointRetention;
import io.flinkstream.api.FsStateBackend;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.connectors.DiscardingSink;
import io.flinkstream.connectors.SequenceSource;
import io.flinkstream.runtime.task.SourceSplits;
import io.flinkstream.state.KeyedStateSnapshot;
import io.flinkstream.state.RestoredKeyedState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints are consistent cuts: in a keyed count job, the counts in a checkpoint's keyed state add up to exactly
 * the records its sources had read at their barriers (exactly-once, aligned), or at least that many (at-least-once).
 * The checkpoint is read back from the file-system snapshot store as a restore would read it.
 */
class CheckpointConsistencyTest {
    private static final long RANGE = 1L << 40;
    private static final long HANG_GUARD_MILLIS = 60_000;

    private static FlinkStreamNode node;

    @TempDir
    Path checkpoints;

    @BeforeAll
    static void startNode() {
        node = FlinkStreamNode.startEmbedded();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void when_an_exactly_once_checkpoint_completes_then_keyed_counts_equal_the_records_read_at_the_barriers()
            throws Exception {
        // Given a keyed count over an endless sequence, two sources into two keyed subtasks
        Snapshot snapshot = runUntilCheckpointsAndCancel(CheckpointingMode.EXACTLY_ONCE);

        // Then the cut is exact: no record counted that the sources had not read before the barrier, none missing
        assertTrue(snapshot.recordsRead() > 0, "the sources had read records");
        assertEquals(snapshot.recordsRead(), snapshot.countedRecords());
    }

    @Test
    void when_an_at_least_once_checkpoint_completes_then_no_record_read_before_the_barriers_is_missing()
            throws Exception {
        // Given the same job without alignment
        Snapshot snapshot = runUntilCheckpointsAndCancel(CheckpointingMode.AT_LEAST_ONCE);

        // Then nothing read before the barriers is missing (records after them may be counted too)
        assertTrue(snapshot.countedRecords() >= snapshot.recordsRead());
    }

    private record Snapshot(long recordsRead, long countedRecords) {
    }

    private Snapshot runUntilCheckpointsAndCancel(CheckpointingMode mode) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(node);
        env.setParallelism(2);
        env.enableCheckpointing(20, mode);
        env.getCheckpointConfig().setExternalizedCheckpointRetention(
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        env.getCheckpointConfig().setNumRetainedCheckpoints(2);
        env.setStateBackend(new FsStateBackend(checkpoints.toString()));
        env.fromSequence(0, RANGE - 1).keyBy(v -> v % 1000).process(new Count()).addSink(new DiscardingSink<>());

        // When it runs until a few checkpoints completed, and is cancelled (keeping its checkpoints)
        JobClient job = env.executeAsync("checkpointed count " + mode);
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(checkpoints.resolve(job.getJobID()));
        long deadline = System.currentTimeMillis() + HANG_GUARD_MILLIS;
        while (store.completedCheckpointIds().isEmpty() || store.completedCheckpointIds().get(0) < 3) {
            assertTrue(System.currentTimeMillis() < deadline, "three checkpoints complete within the hang guard");
            Thread.onSpinWait();
        }
        job.cancel().get(HANG_GUARD_MILLIS, TimeUnit.MILLISECONDS);
        job.getJobExecutionResult().handle((r, e) -> null).get(HANG_GUARD_MILLIS, TimeUnit.MILLISECONDS);

        CheckpointMetadata latest = store.latest().orElseThrow();
        long read = 0;
        long counted = 0;
        for (Map.Entry<String, List<StateHandle>> task : latest.taskStates().entrySet()) {
            for (StateHandle handle : task.getValue()) {
                byte[] data = store.read(handle);
                if (handle.kind() == StateKind.SOURCE) {
                    read += recordsRead(data);
                } else {
                    RestoredKeyedState keyed = KeyedStateSnapshot.deserialize(data, getClass().getClassLoader());
                    for (Map<Object, Object> group : keyed.states().get("count").keyGroups().values()) {
                        for (Object count : group.values()) {
                            counted += (Long) count;
                        }
                    }
                }
            }
        }
        assertFalse(latest.taskStates().isEmpty());
        return new Snapshot(read, counted);
    }

    /** A source subtask's splits: each started at the beginning of its share of the range. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static long recordsRead(byte[] data) throws Exception {
        {
            List<SequenceSource.Range> splits = (List) SourceSplits.deserialize(data, "source",
                    CheckpointConsistencyTest.class.getClassLoader());
            long read = 0;
            for (SequenceSource.Range split : splits) {
                long start = split.last() < RANGE / 2 ? 0 : RANGE / 2;
                read += split.next() - start;
            }
            return read;
        }
    }

    static final class Count extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            Long c = count.value();
            count.update(c == null ? 1L : c + 1);
        }
    }
}
