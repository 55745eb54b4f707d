package io.flinkstream.runtime.wire;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.JavaSerializer;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.api.CheckpointCounts;
import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.JobMetrics;
import io.flinkstream.api.JobStatus;
import io.flinkstream.api.SerializedThrowable;
import io.flinkstream.api.SubtaskCheckpointStats;
import io.flinkstream.api.VertexMetrics;
import io.flinkstream.checkpoint.OperatorId;
import io.flinkstream.checkpoint.StateHandle;
import io.flinkstream.checkpoint.StateKind;
import io.flinkstream.cluster.NodeSettings;
import io.flinkstream.runtime.job.CheckpointCoordinator;
import io.flinkstream.runtime.job.JobMaster;
import io.flinkstream.runtime.network.SerializedRecordBatch;
import io.flinkstream.runtime.network.frames.Barrier;
import io.flinkstream.runtime.network.frames.CancellationBarrier;
import io.flinkstream.runtime.network.frames.Credit;
import io.flinkstream.runtime.network.frames.EndOfData;
import io.flinkstream.runtime.network.frames.EndOfPartition;
import io.flinkstream.runtime.network.frames.Frame;
import io.flinkstream.runtime.network.frames.FrameSerializer;
import io.flinkstream.runtime.network.frames.RecordBatch;
import io.flinkstream.runtime.network.frames.SerializedBatch;
import io.flinkstream.runtime.task.CheckpointReport;
import io.flinkstream.runtime.task.FailureCause;
import io.flinkstream.runtime.task.SubtaskActor;
import io.flinkstream.runtime.task.SubtaskReport;
import io.flinkstream.runtime.task.TaskMetrics;
import io.flinkstream.state.KeyGroupRange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every message that may cross a JVM survives Akka's serialization, with Java serialization off: the message types
 * are found by reflection (every public permitted subclass of the sealed protocols of subtasks, job masters,
 * coordinators and the data plane), so a new message without a serializer, or without a sample here, fails this test.
 * Non-public messages (timer ticks, adapters' wrappers, results piped to self) are local by construction.
 */
class WireMessagesRoundTripTest {
    private static final ActorTestKit TEST_KIT = ActorTestKit.create("wire-test", ConfigFactory.parseString("""
            akka.actor.provider = cluster
            akka.remote.artery.canonical.hostname = "127.0.0.1"
            akka.remote.artery.canonical.port = 0
            akka.actor.allow-java-serialization = off
            akka.actor.warn-about-java-serializer-usage = on
            """).withFallback(NodeSettings.load()));

    /** The sealed protocols whose public messages may cross a JVM. */
    private static final List<Class<?>> PROTOCOLS = List.of(SubtaskActor.Command.class, JobMaster.Command.class,
            CheckpointCoordinator.Command.class, Frame.class, SubtaskReport.class, CheckpointReport.class,
            // A cluster's job requests and replies (clients, gateways and the manager are on any node), and the
            // events the job manager and job entities persist in the journal, which another node recovers.
            io.flinkstream.cluster.jobs.JobManager.Command.class, io.flinkstream.cluster.jobs.JobManager.SubmitReply.class,
            io.flinkstream.cluster.jobs.JobManager.Event.class, io.flinkstream.cluster.jobs.JobEntity.Event.class);

    /** Local by design: records by reference never leave their JVM (checked below to be refused clearly). */
    private static final Set<Class<?>> LOCAL_ONLY = Set.of(RecordBatch.class);

    @AfterAll
    static void stop() {
        TEST_KIT.shutdownTestKit();
    }

    private static <T> ActorRef<T> ref() {
        return TEST_KIT.<T>createTestProbe().ref();
    }

    private static Map<Class<?>, Supplier<Object>> samples() {
        Map<Class<?>, Supplier<Object>> samples = new HashMap<>();
        TaskMetrics metrics = new TaskMetrics(10, 20, 3, 4, 5);
        StateHandle keyed = new StateHandle("chk-3/v1-s0.keyed", 120, 0xCAFEL).tagged(StateKind.KEYED,
                new OperatorId("0123456789abcdef0123456789abcdef"), 1, new KeyGroupRange(64, 127));
        StateHandle operator = new StateHandle("chk-3/v0-s0.operator", 7, 42).tagged(StateKind.OPERATOR,
                new OperatorId("fedcba9876543210fedcba9876543210"), 0, null);
        // Subtask commands
        samples.put(SubtaskActor.Deploy.class, () -> new SubtaskActor.Deploy("job-1", 1, 2, 3, ref(), 7));
        samples.put(SubtaskActor.Start.class, () -> new SubtaskActor.Start(3, Map.of(0, List.of(ref(), ref()),
                1, List.of(ref())), ref()));
        samples.put(SubtaskActor.TriggerCheckpoint.class, () -> new SubtaskActor.TriggerCheckpoint(3, 9, 1234L,
                ref()));
        samples.put(SubtaskActor.NotifyCheckpointComplete.class, () -> new SubtaskActor.NotifyCheckpointComplete(3,
                9));
        samples.put(SubtaskActor.NotifyCheckpointAborted.class, () -> new SubtaskActor.NotifyCheckpointAborted(3, 9));
        samples.put(SubtaskActor.Cancel.class, () -> new SubtaskActor.Cancel(3));
        samples.put(SubtaskActor.Release.class, () -> new SubtaskActor.Release(3));
        io.flinkstream.cluster.jobs.JobSpec spec = new io.flinkstream.cluster.jobs.JobSpec("com.example.Job",
                List.of("--input", "/data/in"));
        samples.put(io.flinkstream.cluster.jobs.JobManager.SubmitJob.class,
                () -> new io.flinkstream.cluster.jobs.JobManager.SubmitJob("job-1", spec, ref()));
        samples.put(io.flinkstream.cluster.jobs.JobManager.JobAccepted.class,
                () -> new io.flinkstream.cluster.jobs.JobManager.JobAccepted("job-1"));
        samples.put(io.flinkstream.cluster.jobs.JobManager.JobRefused.class,
                () -> new io.flinkstream.cluster.jobs.JobManager.JobRefused("job-1", "no class com.example.Job"));
        samples.put(io.flinkstream.cluster.jobs.JobManager.GetJobStatus.class,
                () -> new io.flinkstream.cluster.jobs.JobManager.GetJobStatus("job-1", ref()));
        samples.put(io.flinkstream.cluster.jobs.JobManager.CancelJob.class,
                () -> new io.flinkstream.cluster.jobs.JobManager.CancelJob("job-1", ref()));
        samples.put(io.flinkstream.cluster.jobs.JobManager.GetJobSpec.class,
                () -> new io.flinkstream.cluster.jobs.JobManager.GetJobSpec("job-1", ref()));
        samples.put(io.flinkstream.cluster.jobs.JobManager.ForgetJob.class,
                () -> new io.flinkstream.cluster.jobs.JobManager.ForgetJob("job-1"));
        samples.put(io.flinkstream.cluster.jobs.JobManager.JobAdmitted.class,
                () -> new io.flinkstream.cluster.jobs.JobManager.JobAdmitted("job-1", spec, "ab12"));
        samples.put(io.flinkstream.cluster.jobs.JobManager.JobFinished.class,
                () -> new io.flinkstream.cluster.jobs.JobManager.JobFinished("job-1", JobStatus.FAILED, "boom"));
        samples.put(io.flinkstream.cluster.jobs.JobEntity.Submitted.class,
                () -> new io.flinkstream.cluster.jobs.JobEntity.Submitted(spec, "ab12"));
        samples.put(io.flinkstream.cluster.jobs.JobEntity.AttemptStarted.class,
                () -> new io.flinkstream.cluster.jobs.JobEntity.AttemptStarted(2));
        samples.put(io.flinkstream.cluster.jobs.JobEntity.CheckpointIdUsed.class,
                () -> new io.flinkstream.cluster.jobs.JobEntity.CheckpointIdUsed(17));
        samples.put(io.flinkstream.cluster.jobs.JobEntity.CheckpointCompleted.class,
                () -> new io.flinkstream.cluster.jobs.JobEntity.CheckpointCompleted(17, "/shared/job-1/chk-17"));
        samples.put(io.flinkstream.cluster.jobs.JobEntity.Terminated.class,
                () -> new io.flinkstream.cluster.jobs.JobEntity.Terminated(JobStatus.FINISHED, null));
        samples.put(SubtaskActor.Stop.class, () -> SubtaskActor.Stop.INSTANCE);
        // Job master commands and their replies
        samples.put(JobMaster.CancelJob.class, () -> new JobMaster.CancelJob(ref()));
        samples.put(JobMaster.GetStatus.class, () -> new JobMaster.GetStatus(ref()));
        samples.put(JobMaster.GetMetrics.class, () -> new JobMaster.GetMetrics(ref()));
        samples.put(JobMaster.CheckpointingFailed.class, () -> new JobMaster.CheckpointingFailed(2, "too many"));
        samples.put(JobMaster.CheckpointEnded.class, () -> new JobMaster.CheckpointEnded(checkpointStats()));
        samples.put(JobMaster.CheckpointTriggered.class, () -> new JobMaster.CheckpointTriggered(2, 11));
        // Data plane
        samples.put(SerializedBatch.class, () -> new SerializedBatch(3, 1, new SerializedRecordBatch(
                new byte[]{1, 0, 2, 5, 6})));
        samples.put(Barrier.class, () -> new Barrier(3, 1, 9));
        samples.put(CancellationBarrier.class, () -> new CancellationBarrier(3, 1, 9));
        samples.put(EndOfData.class, () -> new EndOfData(3, 1));
        samples.put(EndOfPartition.class, () -> new EndOfPartition(3, 1));
        samples.put(Credit.class, () -> new Credit(3, 0, 1, 4));
        // Subtask reports
        samples.put(SubtaskReport.Deployed.class, () -> new SubtaskReport.Deployed(1, 2, 3, ref(), ref()));
        samples.put(SubtaskReport.StoppingUndeployed.class, () -> new SubtaskReport.StoppingUndeployed(1, 2, 3,
                ref()));
        samples.put(SubtaskReport.Finished.class, () -> new SubtaskReport.Finished(1, 2, 3, metrics));
        samples.put(SubtaskReport.Failed.class, () -> new SubtaskReport.Failed(1, 2, 3, "Map",
                FailureCause.of(new IllegalStateException("bad record 42",
                        new java.io.IOException("disk gone")))));
        samples.put(SubtaskReport.MetricsReported.class, () -> new SubtaskReport.MetricsReported(1, 2, 3, metrics));
        // Checkpoint reports
        samples.put(CheckpointReport.Acknowledged.class, () -> new CheckpointReport.Acknowledged(1, 2, 3, 9,
                List.of(keyed, operator), new SubtaskCheckpointStats(1, 2, 3, 127)));
        samples.put(CheckpointReport.Declined.class, () -> new CheckpointReport.Declined(1, 2, 3, 9, "disk full"));
        samples.put(CheckpointReport.SourceDataEnded.class, () -> new CheckpointReport.SourceDataEnded(1, 2, 3));
        return samples;
    }

    private static CheckpointStats checkpointStats() {
        return new CheckpointStats(11, CheckpointStats.Status.COMPLETED, Instant.ofEpochMilli(1_700_000_000_000L),
                Duration.ofMillis(35), 4096, Map.of("v0-s0", new SubtaskCheckpointStats(1, 2, 3, 4)), null);
    }

    /** Every public concrete message type of the protocols, found through their sealed hierarchies. */
    private static Set<Class<?>> wireMessageTypes() {
        Set<Class<?>> found = new LinkedHashSet<>();
        List<Class<?>> todo = new ArrayList<>(PROTOCOLS);
        while (!todo.isEmpty()) {
            Class<?> type = todo.remove(todo.size() - 1);
            if (type.isSealed()) {
                todo.addAll(List.of(type.getPermittedSubclasses()));
            } else if (Modifier.isPublic(type.getModifiers())) {
                found.add(type);
            }
        }
        return found;
    }

    @Test
    void every_public_message_of_every_protocol_round_trips_without_java_serialization() {
        Map<Class<?>, Supplier<Object>> samples = samples();
        Set<Class<?>> types = wireMessageTypes();
        assertTrue(types.size() > 25, "found only " + types);
        List<String> problems = new ArrayList<>();
        for (Class<?> type : types) {
            if (LOCAL_ONLY.contains(type)) {
                continue;
            }
            Supplier<Object> sample = samples.get(type);
            if (sample == null) {
                problems.add(type.getName() + ": no sample in this test; add one, and make sure it is serializable "
                        + "(WireMessage, a project serializer, or make it non-public if it never leaves its actor)");
                continue;
            }
            try {
                assertRoundTrips(sample.get());
            } catch (Throwable e) {
                problems.add(type.getName() + ": " + e);
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    @Test
    void replies_to_a_remote_client_round_trip_too() {
        assertRoundTrips(JobStatus.RUNNING);
        assertRoundTrips(new JobMetrics(List.of(new VertexMetrics("Source: numbers", 2, 0, 100, 4, 4, 1)),
                List.of(checkpointStats()), 1, new CheckpointCounts(1, 0, 0, 0)));
        assertRoundTrips(akka.Done.getInstance());
        io.flinkstream.cluster.jobs.JobSpec spec = new io.flinkstream.cluster.jobs.JobSpec("com.example.Job", List.of());
        assertRoundTrips(new io.flinkstream.cluster.jobs.JobManager.JobStatusReply("job-1", JobStatus.RUNNING, null,
                1, 3));
        assertRoundTrips(new io.flinkstream.cluster.jobs.JobManager.JobSpecReply("job-1", spec, "ab12"));
        assertRoundTrips(new io.flinkstream.cluster.NodeTraffic.GetTraffic("job-1", ref()));
        assertRoundTrips(new io.flinkstream.cluster.NodeTraffic.TrafficReport("akka://n@127.0.0.1:1", 1, 2, 3, 4, 5,
                6, 7, 8, 9, List.of("0/1")));
    }

    @Test
    void a_record_batch_by_reference_is_refused_with_a_clear_error() {
        Serialization serialization = SerializationExtension.get(Adapter.toClassic(TEST_KIT.system()));
        RecordBatch batch = new RecordBatch(0, 0, new Object[]{"a"}, null, null, 1);
        assertInstanceOf(FrameSerializer.class, serialization.findSerializerFor(batch));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> serialization.serialize(batch).get());
        assertTrue(e.getMessage().contains("never leaves its JVM"), e.getMessage());
    }

    @Test
    void a_failure_cause_from_another_node_reads_like_the_original_exception() {
        IllegalStateException original = new IllegalStateException("bad record 42",
                new java.io.IOException("disk gone"));
        SubtaskReport.Failed sent = new SubtaskReport.Failed(1, 0, 0, "Map", FailureCause.of(original));

        SubtaskReport.Failed received = (SubtaskReport.Failed) roundTrip(sent);

        assertEquals(sent, received);
        assertTrue(sent.cause().toThrowable() == original, "the node that threw keeps the exception itself");
        SerializedThrowable remote = assertInstanceOf(SerializedThrowable.class, received.cause().toThrowable());
        assertEquals("java.lang.IllegalStateException: bad record 42", remote.toString());
        assertEquals(original.getStackTrace()[0].toString(), remote.getStackTrace()[0].toString());
        assertEquals("java.io.IOException: disk gone", remote.getCause().toString());
    }

    @Test
    void a_failure_that_forbids_restarts_still_forbids_them_after_the_wire() {
        FailureCause sent = FailureCause.of(new IllegalStateException("wrapped",
                new io.flinkstream.api.typeutils.runtime.UnserializableTypeException(Thread.class,
                        "no serializer writes a thread", null)));

        FailureCause received = ((SubtaskReport.Failed) roundTrip(new SubtaskReport.Failed(0, 0, 0, "a", sent)))
                .cause();

        assertTrue(received.suppressesRestarts());
        Throwable remote = received.toThrowable();
        assertTrue(io.flinkstream.api.SuppressRestartsException.isIn(remote), String.valueOf(remote));
        assertEquals("wrapped", remote.getMessage());
        assertEquals("java.lang.IllegalStateException: wrapped", remote.getCause().toString());
    }

    private static void assertRoundTrips(Object message) {
        assertEquals(message, roundTrip(message), "after a round trip through Akka's serialization");
    }

    private static Object roundTrip(Object message) {
        Serialization serialization = SerializationExtension.get(Adapter.toClassic(TEST_KIT.system()));
        Serializer serializer = serialization.findSerializerFor(message);
        assertFalse(serializer instanceof JavaSerializer, message.getClass() + " would use Java serialization");
        byte[] bytes = serialization.serialize(message).get();
        String manifest = Serializers.manifestFor(serializer, message);
        return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    }
}
