package io.flinkstream.connectors.akka;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.SpawnProtocol;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.cluster.FlinkStreamNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The actor sink in a service's own actor system: backpressure, exactly-once after a failure, timeouts. */
class ActorSinkTest {
    @TempDir
    static Path data;
    private static ActorSystem<SpawnProtocol.Command> service;
    private static FlinkStreamNode flink;
    private static int actors;

    @BeforeAll
    static void startService() throws Exception {
        service = ServiceSystem.start("sink-service", data);
        flink = FlinkStreamNode.attach(service);
    }

    @AfterAll
    static void stopService() throws Exception {
        flink.close();
        assertFalse(service.getWhenTerminated().toCompletableFuture().isDone(), "closing FlinkStream left the system");
        ServiceSystem.stop(service);
    }

    private static <T> ActorRef<RecordingActor.Command> spawn(RecordingActor<T> actor) throws Exception {
        return ServiceSystem.spawn(service, actor.behavior(), "recording-" + actors++);
    }

    @Test
    void when_the_actor_acknowledges_slowly_then_no_more_than_max_in_flight_are_unacknowledged() throws Exception {
        // Given an actor that acknowledges each delivery 3 ms after receiving it, and a sink allowing 3 in flight
        RecordingActor<Long> recording = new RecordingActor<>(Duration.ofMillis(3), true);
        ActorRef<RecordingActor.Command> ref = spawn(recording);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(1);
        env.fromSequence(1, 300).addSink(ActorSink.<Long, RecordingActor.Command>to(ref,
                        d -> new RecordingActor.Deliver<>(d))
                .withGuarantee(ActorSink.Guarantee.AT_LEAST_ONCE).withMaxInFlight(3)).name("to slow actor");

        // When the job runs to its end
        env.execute("slow actor");

        // Then the job ended only once every delivery was acknowledged, the window was used but never exceeded,
        // and the records arrived in order, numbered 1..300
        assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(), recording.applied);
        assertEquals(3, recording.maxUnacknowledged.get(), "the actor held at most (and at some point) 3");
        List<Long> numbers = recording.received.stream().map(ActorSink.Delivery::sequenceNr).toList();
        assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(), numbers);
        assertEquals(service.name(), recording.received.get(0).ackTo().path().address().system(),
                "the sink runs in the service's own actor system");
    }

    @Test
    void when_the_job_fails_midway_then_the_deduplicating_actor_applies_every_record_exactly_once()
            throws Exception {
        // Given an exactly-once sink at parallelism 2 and a map that fails once, in the first attempt, at record 700
        RecordingActor<Long> recording = new RecordingActor<>(Duration.ZERO, true);
        ActorRef<RecordingActor.Command> ref = spawn(recording);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(2);
        env.enableCheckpointing(30);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ofMillis(50)));
        env.fromSequence(1, 4000)
                .map(new FailOnce(700)).name("fail once")
                .addSink(ActorSink.<Long, RecordingActor.Command>to(ref, d -> new RecordingActor.Deliver<>(d))
                        .withMaxInFlight(8)).name("to actor");

        // When it runs to its end through the failure
        JobClient job = env.executeAsync("exactly once to actor");
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

        // Then the job restarted, and what the actor applied is every record once
        assertEquals(1, job.getJobMetrics().get(10, TimeUnit.SECONDS).restarts());
        List<Long> applied = new ArrayList<>(recording.applied);
        Collections.sort(applied);
        assertEquals(LongStream.rangeClosed(1, 4000).boxed().toList(), applied,
                "repeats ignored: " + recording.repeats.get());
        // and each subtask numbered its deliveries 1, 2, 3, ... without gaps
        recording.received.stream().collect(Collectors.groupingBy(ActorSink.Delivery::subtask)).forEach((s, ds) ->
                assertEquals(ds.stream().mapToLong(ActorSink.Delivery::sequenceNr).max().orElse(0),
                        ds.stream().map(ActorSink.Delivery::sequenceNr).distinct().count(), "subtask " + s));
    }

    @Test
    void when_the_actor_never_acknowledges_then_the_job_fails_naming_the_sink_and_the_service_runs_on()
            throws Exception {
        // Given an actor that never acknowledges and a 300 ms acknowledgement timeout, without restarts
        RecordingActor<Long> silent = new RecordingActor<>(Duration.ZERO, false);
        ActorRef<RecordingActor.Command> ref = spawn(silent);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(1);
        env.fromSequence(1, 100).addSink(ActorSink.<Long, RecordingActor.Command>to(ref,
                        d -> new RecordingActor.Deliver<>(d))
                .withGuarantee(ActorSink.Guarantee.AT_LEAST_ONCE).withMaxInFlight(5)
                .withAckTimeout(Duration.ofMillis(300))).name("to silent actor");

        // When the job runs
        long start = System.nanoTime();
        JobExecutionException failure = assertThrows(JobExecutionException.class, () -> env.execute("silent"));

        // Then it fails after the timeout, naming the sink and the actor; only the window went out
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300));
        String message = rootMessage(failure);
        assertTrue(message.contains("to silent actor") && message.contains("within 300 ms")
                && message.contains(ref.path().name()), message);
        assertEquals(5, silent.received.size());
        // and the service's system is unharmed
        assertFalse(service.getWhenTerminated().toCompletableFuture().isDone());
        spawn(new RecordingActor<Long>(Duration.ZERO, true));
    }

    @Test
    void when_exactly_once_is_asked_without_checkpointing_then_the_job_fails_saying_how_to_fix_it()
            throws Exception {
        ActorRef<RecordingActor.Command> ref = spawn(new RecordingActor<Long>(Duration.ZERO, true));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.fromSequence(1, 10).addSink(ActorSink.<Long, RecordingActor.Command>to(ref,
                d -> new RecordingActor.Deliver<>(d))).name("to actor");

        JobExecutionException failure = assertThrows(JobExecutionException.class, () -> env.execute("no cp"));

        String message = rootMessage(failure);
        assertTrue(message.contains("enable checkpointing") && message.contains("AT_LEAST_ONCE"), message);
    }

    @Test
    void when_the_settings_are_out_of_range_then_building_the_sink_fails_naming_them() throws Exception {
        ActorRef<RecordingActor.Command> ref = spawn(new RecordingActor<Long>(Duration.ZERO, true));
        ActorSink<Long, RecordingActor.Command> sink = ActorSink.to(ref, d -> new RecordingActor.Deliver<>(d));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sink.withMaxInFlight(0)).getMessage()
                .contains("withMaxInFlight(0)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sink.withAckTimeout(Duration.ZERO))
                .getMessage().contains("withAckTimeout"));
    }

    static String rootMessage(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" / ");
        }
        return all.toString();
    }

    /** Passes records on; throws once, in the first attempt of subtask 0, at its {@code failAt}-th record. */
    static final class FailOnce extends RichMapFunction<Long, Long> {
        private final long failAt;
        private transient long seen;

        FailOnce(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public Long map(Long value) {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0 && ++seen == failAt) {
                throw new IllegalStateException("Injected failure at record " + failAt);
            }
            return value;
        }
    }
}
