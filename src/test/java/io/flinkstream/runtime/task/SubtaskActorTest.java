package io.flinkstream.runtime.task;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityContext;
import io.flinkstream.api.CheckpointConfig;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.MemoryStateBackend;
import io.flinkstream.connectors.DiscardingSink;
import io.flinkstream.connectors.SequenceSource;
import io.flinkstream.runtime.graph.CheckpointSettings;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobGraphBuilder;
import io.flinkstream.runtime.graph.Partitioning;
import io.flinkstream.runtime.graph.RuntimeSettings;
import io.flinkstream.runtime.graph.StreamEdge;
import io.flinkstream.runtime.graph.StreamNode;
import io.flinkstream.runtime.job.JobRegistry;
import io.flinkstream.runtime.network.frames.Barrier;
import io.flinkstream.runtime.network.frames.Credit;
import io.flinkstream.runtime.network.frames.EndOfData;
import io.flinkstream.runtime.network.frames.EndOfPartition;
import io.flinkstream.runtime.network.frames.Frame;
import io.flinkstream.runtime.network.frames.RecordBatch;
import io.flinkstream.runtime.operators.SinkOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One subtask actor driven message by message, with probes as its job master, its peers and its shard. The order
 * of messages is set by the test, so races between peers become deterministic inputs.
 */
class SubtaskActorTest {
    private static final ActorTestKit TEST_KIT = ActorTestKit.create();
    /** Limit of each wait for a message; only guards against a hang. */
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int ATTEMPT = 0;

    private TestProbe<SubtaskReport> master;
    private TestProbe<ClusterSharding.ShardCommand> shard;
    private TestProbe<Frame> peer;
    private JobRegistry registry;
    private JobGraph graph;

    @AfterAll
    static void stopTestKit() {
        TEST_KIT.shutdownTestKit();
    }

    /** numbers 1..40 (vertex 0) --keyBy--> discarding sink (vertex 1), parallelism 1, batches of 16. */
    @BeforeEach
    void registerJob() {
        master = TEST_KIT.createTestProbe();
        shard = TEST_KIT.createTestProbe();
        peer = TEST_KIT.createTestProbe();
        StreamNode source = StreamNode.source(0, "Source: numbers", new SequenceSource(1, 40));
        StreamNode sink = StreamNode.operator(1, "Sink", new SinkOperator<>(new DiscardingSink<Long>()), true);
        KeySelector<Long, Long> byResidue = v -> v % 3;
        sink.addInput(new StreamEdge(0, 1, Partitioning.HASH, byResidue));
        graph = JobGraphBuilder.build("subtask test", List.of(source, sink), 1, 128, new RuntimeSettings(16, 2, 8));
        registry = new JobRegistry();
        registry.register(graph, getClass().getClassLoader());
    }

    /** The deployed subtask's command and frame references. */
    private record Deployed(ActorRef<SubtaskActor.Command> ref, ActorRef<Frame> frames) {
        void tell(SubtaskActor.Command command) {
            ref.tell(command);
        }

        void tell(Frame frame) {
            frames.tell(frame);
        }
    }

    private Deployed deploy(int vertex) {
        String entityId = SubtaskActor.entityId(graph.jobId(), vertex, 0);
        ActorRef<SubtaskActor.Command> subtask = TEST_KIT.spawn(SubtaskActor.create(
                new EntityContext<>(SubtaskActor.TYPE_KEY, entityId, shard.ref()), registry, Duration.ofHours(1)));
        subtask.tell(new SubtaskActor.Deploy(graph.jobId(), vertex, 0, ATTEMPT, master.ref(), -1));
        SubtaskReport.Deployed deployed = master.expectMessageClass(SubtaskReport.Deployed.class, WAIT);
        assertEquals(vertex, deployed.vertex());
        assertEquals(subtask, deployed.ref());
        return new Deployed(subtask, deployed.frames());
    }

    @Test
    void given_a_started_receiver_when_its_only_input_ends_then_it_finishes() {
        // Given
        Deployed receiver = deploy(1);
        receiver.tell(new SubtaskActor.Start(ATTEMPT, Map.of(0, List.of(peer.ref()), 1, List.of(receiver.frames())), null));
        Credit credit = peer.expectMessageClass(Credit.class, WAIT);

        // When
        receiver.tell(new EndOfPartition(ATTEMPT, 0));

        // Then
        assertEquals(new Credit(ATTEMPT, 0, 0, 2), credit, "initial credit for the one channel");
        SubtaskReport.Finished finished = master.expectMessageClass(SubtaskReport.Finished.class, WAIT);
        assertEquals(1, finished.vertex());
    }

    /**
     * An upstream subtask with nothing for a channel sends EndOfPartition as soon as it ends, without credit; it can
     * therefore reach a receiver whose own Start (sent by the master at about the same time) is still in its
     * mailbox. The receiver must not lose it, or it waits for that channel for ever and the job never ends.
     */
    @Test
    void given_a_receiver_not_started_yet_when_end_of_partition_arrives_before_start_then_it_still_finishes() {
        // Given
        Deployed receiver = deploy(1);

        // When
        receiver.tell(new EndOfPartition(ATTEMPT, 0));
        receiver.tell(new SubtaskActor.Start(ATTEMPT, Map.of(0, List.of(peer.ref()), 1, List.of(receiver.frames())), null));

        // Then
        SubtaskReport.Finished finished = master.expectMessageClass(SubtaskReport.Finished.class, WAIT);
        assertEquals(1, finished.vertex());
    }

    @Test
    void given_a_source_not_started_yet_when_credit_arrives_before_start_then_the_credit_is_kept_and_used() {
        // Given
        Deployed source = deploy(0);

        // When
        source.tell(new Credit(ATTEMPT, 0, 0, 10));
        source.tell(new SubtaskActor.Start(ATTEMPT, Map.of(0, List.of(source.frames()), 1, List.of(peer.ref())), null));

        // Then: all 40 numbers in batches, then the end of the data and the end of the partition
        List<Object> records = new ArrayList<>();
        Frame message = peer.receiveMessage(WAIT);
        while (message instanceof RecordBatch batch) {
            assertEquals(0, batch.channel());
            records.addAll(Arrays.asList(batch.records()).subList(0, batch.size()));
            message = peer.receiveMessage(WAIT);
        }
        assertEquals(new EndOfData(ATTEMPT, 0), message);
        assertEquals(new EndOfPartition(ATTEMPT, 0), peer.receiveMessage(WAIT));
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList(), records);
        master.expectMessageClass(SubtaskReport.Finished.class, WAIT);
    }

    /**
     * A subtask that failed or was cancelled has state it never wrote; acknowledging a checkpoint with empty state
     * (as a finished subtask rightly does) would let a restore skip the input it had not processed.
     */
    @Test
    void given_a_cancelled_subtask_when_a_checkpoint_is_triggered_then_it_does_not_acknowledge() {
        // Given a started source that was cancelled
        TestProbe<CheckpointReport> coordinator = TEST_KIT.createTestProbe();
        Deployed source = deploy(0);
        source.tell(new SubtaskActor.Start(ATTEMPT, Map.of(0, List.of(source.frames()), 1, List.of(peer.ref())),
                coordinator.ref()));
        source.tell(new SubtaskActor.Cancel(ATTEMPT));
        shard.expectMessageClass(ClusterSharding.Passivate.class, WAIT);

        // When
        source.tell(new SubtaskActor.TriggerCheckpoint(ATTEMPT, 1, 0, coordinator.ref()));

        // Then
        coordinator.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void given_a_finished_subtask_when_a_checkpoint_is_triggered_then_it_acknowledges_empty_state() {
        // Given a receiver that finished its input
        TestProbe<CheckpointReport> coordinator = TEST_KIT.createTestProbe();
        Deployed receiver = deploy(1);
        receiver.tell(new SubtaskActor.Start(ATTEMPT, Map.of(0, List.of(peer.ref()), 1, List.of(receiver.frames())),
                coordinator.ref()));
        receiver.tell(new EndOfPartition(ATTEMPT, 0));
        master.expectMessageClass(SubtaskReport.Finished.class, WAIT);

        // When
        receiver.tell(new SubtaskActor.TriggerCheckpoint(ATTEMPT, 1, 0, coordinator.ref()));

        // Then
        CheckpointReport.Acknowledged ack =
                coordinator.expectMessageClass(CheckpointReport.Acknowledged.class, WAIT);
        assertEquals(List.of(), ack.handles());
    }

    @Test
    void given_two_inputs_when_a_newer_barrier_overtakes_an_older_one_then_the_older_checkpoint_is_declined() {
        // Given a receiver of two source subtasks in an exactly-once checkpointed job
        StreamNode source = StreamNode.source(0, "Source: numbers", new SequenceSource(1, 40));
        source.setParallelism(2);
        StreamNode sink = StreamNode.operator(1, "Sink", new SinkOperator<>(new DiscardingSink<Long>()), true);
        sink.setParallelism(1);
        KeySelector<Long, Long> byResidue = v -> v % 3;
        sink.addInput(new StreamEdge(0, 1, Partitioning.HASH, byResidue));
        graph = JobGraphBuilder.build("aligned", List.of(source, sink), 1, 128, new RuntimeSettings(16, 2, 8),
                new CheckpointSettings(new CheckpointConfig().setCheckpointInterval(60_000), new MemoryStateBackend(),
                        null, null));
        registry.register(graph, getClass().getClassLoader());
        TestProbe<Frame> otherPeer = TEST_KIT.createTestProbe();
        TestProbe<CheckpointReport> coordinator = TEST_KIT.createTestProbe();
        Deployed receiver = deploy(1);
        receiver.tell(new SubtaskActor.Start(ATTEMPT, Map.of(0, List.of(peer.ref(), otherPeer.ref()),
                1, List.of(receiver.frames())), coordinator.ref()));

        // When channel 0 delivers barrier 1, and channel 1 skips it and delivers barrier 2
        receiver.tell(new Barrier(ATTEMPT, 0, 1));
        receiver.tell(new Barrier(ATTEMPT, 1, 2));

        // Then checkpoint 1 can no longer complete here, and the coordinator hears so at once
        CheckpointReport.Declined decline =
                coordinator.expectMessageClass(CheckpointReport.Declined.class, WAIT);
        assertEquals(1, decline.checkpointId());
        assertEquals(1, decline.vertex());
    }
}
