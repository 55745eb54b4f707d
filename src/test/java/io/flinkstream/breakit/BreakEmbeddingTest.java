package io.flinkstream.breakit;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.connectors.akka.ActorSink;
import io.flinkstream.samples.orders.OrdersService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FlinkStream embedded in a service's actor system, used the way a demanding service would: two handles on one
 * system at once (closing one must not touch the other's jobs), a system reused after its handle was closed, an
 * {@link ActorSink} target that acknowledges out of order, twice, and with forged numbers, or dies, and misspelt or
 * mistyped {@code flinkstream.*} settings.
 */
class BreakEmbeddingTest {
    @TempDir
    static Path data;
    private static ActorSystem<SpawnProtocol.Command> service;
    private static final AtomicInteger ACTORS = new AtomicInteger();

    @TempDir
    Path work;

    @BeforeAll
    static void startService() throws Exception {
        Config config = OrdersService.config(data);
        OrdersService.createSchema(config);
        service = ActorSystem.create(SpawnProtocol.create(), "break-embedding", config);
    }

    @AfterAll
    static void stopService() throws Exception {
        service.terminate();
        service.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static <T> ActorRef<T> spawn(Behavior<T> behavior) throws Exception {
        return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(service,
                replyTo -> new SpawnProtocol.Spawn<>(behavior, "break-" + ACTORS.incrementAndGet(), Props.empty(),
                        replyTo), Duration.ofSeconds(10), service.scheduler())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * A service actor that applies each delivery once by the documented rule, but acknowledges in the oddest legal
     * way: it holds deliveries until {@code batch} of one subtask are waiting (or 20 ms passed), then acknowledges
     * them newest first, each twice, each followed by a forged acknowledgement of a number not yet delivered. With
     * {@code dieAfter} > 0 it stops after that many deliveries, without acknowledging the last ones.
     */
    static final class OddActor {
        sealed interface Command {
        }

        record Deliver(ActorSink.Delivery<Long> delivery) implements Command {
        }

        private record Flush() implements Command {
        }

        final List<Long> applied = new CopyOnWriteArrayList<>();
        final List<ActorSink.Delivery<Long>> received = new CopyOnWriteArrayList<>();
        final AtomicInteger repeats = new AtomicInteger();
        final AtomicInteger maxHeldPerSubtask = new AtomicInteger();
        private final int batch;
        private final int dieAfter;

        OddActor(int batch, int dieAfter) {
            this.batch = batch;
            this.dieAfter = dieAfter;
        }

        Behavior<Command> behavior() {
            Map<Integer, Long> lastApplied = new HashMap<>();
            Map<Integer, List<ActorSink.Delivery<Long>>> held = new HashMap<>();
            return Behaviors.withTimers(timers -> Behaviors.receive(Command.class)
                    .onMessage(Deliver.class, message -> {
                        ActorSink.Delivery<Long> delivery = message.delivery();
                        received.add(delivery);
                        if (delivery.sequenceNr() > lastApplied.getOrDefault(delivery.subtask(), 0L)) {
                            applied.add(delivery.element());
                            lastApplied.put(delivery.subtask(), delivery.sequenceNr());
                        } else {
                            repeats.incrementAndGet();
                        }
                        if (dieAfter > 0 && received.size() >= dieAfter) {
                            return Behaviors.stopped();
                        }
                        List<ActorSink.Delivery<Long>> mine = held.computeIfAbsent(delivery.subtask(),
                                s -> new ArrayList<>());
                        mine.add(delivery);
                        maxHeldPerSubtask.accumulateAndGet(mine.size(), Math::max);
                        if (mine.size() >= batch) {
                            acknowledgeOddly(mine);
                        } else {
                            timers.startSingleTimer("flush", new Flush(), Duration.ofMillis(20));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Flush.class, flush -> {
                        held.values().forEach(OddActor::acknowledgeOddly);
                        return Behaviors.same();
                    })
                    .build());
        }

        private static void acknowledgeOddly(List<ActorSink.Delivery<Long>> deliveries) {
            List<ActorSink.Delivery<Long>> newestFirst = new ArrayList<>(deliveries);
            Collections.reverse(newestFirst);
            for (ActorSink.Delivery<Long> d : newestFirst) {
                d.acknowledge();
                d.acknowledge();
                d.ackTo().tell(new ActorSink.Ack(d.subtask(), d.sequenceNr() + 5));
                d.ackTo().tell(new ActorSink.Ack(d.subtask() + 1, d.sequenceNr()));
            }
            deliveries.clear();
        }
    }

    /** Fails once, in the first attempt of subtask 0, at its {@code failAt}-th record. */
    static final class FailOnce extends RichMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
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

    private static List<Long> sorted(List<Long> values) {
        List<Long> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append(" | ");
        }
        return all.toString();
    }

    @Test
    void out_of_order_repeated_and_forged_acknowledgements_neither_lose_nor_duplicate_through_a_failure()
            throws Exception {
        OddActor odd = new OddActor(4, 0);
        ActorRef<OddActor.Command> ref = spawn(odd.behavior());
        try (FlinkStreamNode flink = FlinkStreamNode.attach(service)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
            env.setParallelism(2);
            env.enableCheckpointing(30);
            env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ofMillis(50)));
            env.fromSequence(1, 3000)
                    .map(new FailOnce(900)).name("fail once")
                    .addSink(ActorSink.<Long, OddActor.Command>to(ref, OddActor.Deliver::new).withMaxInFlight(4))
                    .name("to odd actor");

            JobClient job = env.executeAsync("odd acknowledgements");
            job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

            assertEquals(1, job.getJobMetrics().get(10, TimeUnit.SECONDS).restarts());
        }
        assertEquals(LongStream.rangeClosed(1, 3000).boxed().toList(), sorted(odd.applied),
                "repeats ignored: " + odd.repeats.get());
        assertTrue(odd.maxHeldPerSubtask.get() <= 4, "held " + odd.maxHeldPerSubtask.get() + " > withMaxInFlight(4)");
        // every subtask numbered its deliveries 1..n without gaps, whatever acknowledgements it got
        odd.received.stream().collect(Collectors.groupingBy(ActorSink.Delivery::subtask)).forEach((s, ds) ->
                assertEquals(ds.stream().mapToLong(ActorSink.Delivery::sequenceNr).max().orElse(0),
                        ds.stream().map(ActorSink.Delivery::sequenceNr).distinct().count(), "subtask " + s));
    }

    @Test
    void a_target_that_dies_fails_the_job_naming_sink_and_actor_and_what_it_applied_is_never_doubled()
            throws Exception {
        OddActor dying = new OddActor(1, 50);
        ActorRef<OddActor.Command> ref = spawn(dying.behavior());
        try (FlinkStreamNode flink = FlinkStreamNode.attach(service)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
            env.setParallelism(1);
            env.enableCheckpointing(30);
            env.setRestartStrategy(RestartStrategies.noRestart());
            env.fromSequence(1, 1000)
                    .addSink(ActorSink.<Long, OddActor.Command>to(ref, OddActor.Deliver::new)
                            .withAckTimeout(Duration.ofMillis(500)))
                    .name("to dying actor");
            JobClient job = env.executeAsync("dying actor");
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS));
            String message = messages(failed);
            assertTrue(message.contains("to dying actor"), message);
            assertTrue(message.contains(ref.path().name()), message);
            assertTrue(message.contains("within 500 ms"), message);
        }
        assertEquals(LongStream.rangeClosed(1, 50).boxed().toList(), dying.applied);
        assertEquals(0, dying.repeats.get());
        assertFalse(service.whenTerminated().isCompleted(), "a failed job left the service running");
    }

    @Test
    void two_handles_share_a_system_and_closing_one_leaves_the_others_job_running() throws Exception {
        OddActor first = new OddActor(1, 0);
        OddActor second = new OddActor(1, 0);
        ActorRef<OddActor.Command> firstRef = spawn(first.behavior());
        ActorRef<OddActor.Command> secondRef = spawn(second.behavior());
        FlinkStreamNode a = FlinkStreamNode.attach(service);
        FlinkStreamNode b = FlinkStreamNode.attach(service);
        JobClient slow;
        try {
            // the job of b is slow: its actor acknowledges each delivery after 20 ms (batch 2 per 20 ms flush)
            StreamExecutionEnvironment envB = StreamExecutionEnvironment.onNode(b);
            envB.setParallelism(1);
            OddActor slowActor = new OddActor(1_000_000, 0);
            ActorRef<OddActor.Command> slowRef = spawn(slowActor.behavior());
            envB.fromSequence(1, 200).addSink(ActorSink.<Long, OddActor.Command>to(slowRef, OddActor.Deliver::new)
                    .withGuarantee(ActorSink.Guarantee.AT_LEAST_ONCE).withMaxInFlight(1)).name("to slow actor");
            slow = envB.executeAsync("slow job of b");

            StreamExecutionEnvironment envA = StreamExecutionEnvironment.onNode(a);
            envA.setParallelism(1);
            envA.fromSequence(1, 100).addSink(ActorSink.<Long, OddActor.Command>to(firstRef, OddActor.Deliver::new)
                    .withGuarantee(ActorSink.Guarantee.AT_LEAST_ONCE)).name("to first");
            envA.execute("job of a");
            assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), first.applied);

            // When a is closed while b's job runs
            assertFalse(slow.getJobExecutionResult().isDone(), "b's job should still run (200 x 20 ms)");
            a.close();

            // Then b's job runs to its end, every record once
            slow.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(), slowActor.applied);

            // and a new handle on the same system runs jobs after a close
            try (FlinkStreamNode again = FlinkStreamNode.attach(service)) {
                StreamExecutionEnvironment envAgain = StreamExecutionEnvironment.onNode(again);
                envAgain.setParallelism(2);
                envAgain.fromSequence(1, 100).addSink(ActorSink.<Long, OddActor.Command>to(secondRef,
                        OddActor.Deliver::new).withGuarantee(ActorSink.Guarantee.AT_LEAST_ONCE)).name("to second");
                envAgain.execute("after close");
            }
            assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), sorted(second.applied));
        } finally {
            a.close();
            b.close();
        }
        assertFalse(service.whenTerminated().isCompleted(), "closing handles terminated the service's system");
    }

    /** The numbers {@code [from, to]}, split over the subtasks; after them the readers idle until cancelled. */
    static final class EndlessAfterRange implements io.flinkstream.api.source.Source<Long, EndlessAfterRange.Range> {
        private static final long serialVersionUID = 1L;

        record Range(long next, long end) implements java.io.Serializable {
        }

        private final long from;
        private final long to;

        EndlessAfterRange(long from, long to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public io.flinkstream.api.source.Boundedness getBoundedness() {
            return io.flinkstream.api.source.Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        public List<Range> initialSplits(int subtaskIndex, int parallelism) {
            long count = to - from + 1;
            return List.of(new Range(from + count * subtaskIndex / parallelism,
                    from + count * (subtaskIndex + 1) / parallelism));
        }

        @Override
        public io.flinkstream.api.source.SourceReader<Long, Range> createReader(
                io.flinkstream.api.source.SourceReaderContext context) {
            List<Range> splits = new ArrayList<>();
            return new io.flinkstream.api.source.SourceReader<>() {
                @Override
                public void addSplits(List<Range> added) {
                    splits.addAll(added);
                }

                @Override
                public io.flinkstream.api.source.InputStatus pollNext(
                        io.flinkstream.api.source.ReaderOutput<Long> output) {
                    while (!splits.isEmpty() && splits.get(0).next() >= splits.get(0).end()) {
                        splits.remove(0);
                    }
                    if (splits.isEmpty()) {
                        return io.flinkstream.api.source.InputStatus.NOTHING_AVAILABLE;
                    }
                    Range range = splits.get(0);
                    output.collect(range.next());
                    splits.set(0, new Range(range.next() + 1, range.end()));
                    return io.flinkstream.api.source.InputStatus.MORE_AVAILABLE;
                }

                @Override
                public List<Range> snapshotState(long checkpointId) {
                    return List.copyOf(splits);
                }
            };
        }
    }

    @Test
    void restores_at_a_smaller_then_the_old_parallelism_again_keep_every_subtasks_numbers() throws Exception {
        // Given a deduplicating actor fed by three runs of a job, each cancelled once the actor has applied its
        // records and restored by the next from its retained checkpoint: parallelism 3, then 2, then 3 again; each
        // run's source (a new uid) brings new records, the sink's state carries over
        OddActor dedup = new OddActor(1, 0);
        ActorRef<OddActor.Command> ref = spawn(dedup.behavior());
        Path checkpoints = work.resolve("checkpoints");
        String previous = null;
        int[] parallelisms = {3, 2, 3};
        try (FlinkStreamNode flink = FlinkStreamNode.attach(service)) {
            for (int run = 0; run < parallelisms.length; run++) {
                StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
                env.setParallelism(parallelisms[run]);
                env.enableCheckpointing(30);
                env.getCheckpointConfig().setExternalizedCheckpointRetention(
                        io.flinkstream.api.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
                env.setStateBackend(new io.flinkstream.api.FsStateBackend(checkpoints.toString()));
                if (previous != null) {
                    env.restoreFromCheckpoint(previous).setAllowNonRestoredState(true);
                }
                env.fromSource(new EndlessAfterRange(run * 300L + 1, run * 300L + 300), "numbers " + run,
                                io.flinkstream.api.typeinfo.Types.LONG).uid("numbers-" + run)
                        .addSink(ActorSink.<Long, OddActor.Command>to(ref, OddActor.Deliver::new)).uid("to actor")
                        .name("to actor");
                JobClient job = env.executeAsync("run " + run);
                int expected = (run + 1) * 300;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (dedup.applied.size() < expected && !job.getJobExecutionResult().isDone()) {
                    assertTrue(System.nanoTime() < deadline, "run " + run + " applied " + dedup.applied.size()
                            + " of " + expected + "; repeats ignored: " + dedup.repeats.get());
                    Thread.sleep(20);
                }
                job.cancel().get(10, TimeUnit.SECONDS);
                assertThrows(Exception.class, () -> job.getJobExecutionResult().get(30, TimeUnit.SECONDS));
                previous = checkpoints.resolve(job.getJobID()).toString();
            }
        }
        // Then every record of the three runs was applied once: a subtask that came back (index 2) went on with
        // its old numbers instead of starting again at 1, which the actor would have ignored as repeats
        assertEquals(LongStream.rangeClosed(1, 900).boxed().toList(), sorted(dedup.applied),
                "repeats ignored: " + dedup.repeats.get());
    }

    /** An event's customer index times a million plus its sequence number: unique per journal event. */
    static final class EventKey implements io.flinkstream.api.MapFunction<
            io.flinkstream.connectors.akka.PersistedEvent<io.flinkstream.samples.orders.OrderPlaced>, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(io.flinkstream.connectors.akka.PersistedEvent<io.flinkstream.samples.orders.OrderPlaced> e) {
            return Long.parseLong(e.persistenceId().substring("customer|ev".length())) * 1_000_000L + e.sequenceNr();
        }
    }

    private static void placeOrders(List<ActorRef<io.flinkstream.samples.orders.Customer.Command>> customers,
                                    int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            for (int c = 0; c < customers.size(); c++) {
                String id = "ev" + c + "-" + i;
                long amount = i;
                AskPattern.<io.flinkstream.samples.orders.Customer.Command,
                                io.flinkstream.samples.orders.Customer.OrderStored>ask(customers.get(c),
                        replyTo -> new io.flinkstream.samples.orders.Customer.PlaceOrder(id, amount, replyTo),
                        Duration.ofSeconds(10), service.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<Long> expectedKeys(int customers, int perCustomer) {
        List<Long> keys = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            for (long seq = 1; seq <= perCustomer; seq++) {
                keys.add(c * 1_000_000L + seq);
            }
        }
        Collections.sort(keys);
        return keys;
    }

    private static JobClient runEvents(FlinkStreamNode flink, ActorRef<OddActor.Command> ref, int parallelism,
                                       Path checkpoints, String restoreFrom) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(parallelism);
        env.enableCheckpointing(30);
        env.getCheckpointConfig().setExternalizedCheckpointRetention(
                io.flinkstream.api.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        env.setStateBackend(new io.flinkstream.api.FsStateBackend(checkpoints.toString()));
        if (restoreFrom != null) {
            env.restoreFromCheckpoint(restoreFrom);
        }
        io.flinkstream.connectors.akka.EventsSource<io.flinkstream.samples.orders.OrderPlaced> source =
                io.flinkstream.connectors.akka.EventsSource.byPersistenceId(
                        io.flinkstream.samples.orders.OrdersService.READ_JOURNAL,
                        io.flinkstream.samples.orders.OrderPlaced.class, "customer|ev0", "customer|ev1",
                        "customer|ev2").withMaxBatch(7);
        env.fromSource(source, "orders", source.producedType()).uid("orders")
                .map(new EventKey()).returns(io.flinkstream.api.typeinfo.Types.LONG).uid("key")
                .addSink(ActorSink.<Long, OddActor.Command>to(ref, OddActor.Deliver::new)).uid("to actor")
                .name("to actor");
        return env.executeAsync("orders at " + parallelism);
    }

    private static void awaitApplied(OddActor actor, int count, JobClient job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (actor.applied.size() < count) {
            assertFalse(job.getJobExecutionResult().isDone(), "the job ended early");
            assertTrue(System.nanoTime() < deadline, "applied " + actor.applied.size() + " of " + count);
            Thread.sleep(20);
        }
    }

    @Test
    void events_written_while_running_and_while_stopped_are_each_applied_once_across_a_restore_at_new_parallelism()
            throws Exception {
        List<ActorRef<io.flinkstream.samples.orders.Customer.Command>> customers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            customers.add(spawn(io.flinkstream.samples.orders.Customer.create("ev" + c)));
        }
        OddActor dedup = new OddActor(3, 0);
        ActorRef<OddActor.Command> ref = spawn(dedup.behavior());
        Path checkpoints = work.resolve("checkpoints");
        // Given 50 orders per customer before the job
        placeOrders(customers, 1, 50);
        try (FlinkStreamNode flink = FlinkStreamNode.attach(service)) {
            // When a live job at parallelism 2 runs while 30 more per customer are written
            JobClient first = runEvents(flink, ref, 2, checkpoints, null);
            placeOrders(customers, 51, 30);
            awaitApplied(dedup, 3 * 80, first);
            first.cancel().get(10, TimeUnit.SECONDS);
            assertThrows(Exception.class, () -> first.getJobExecutionResult().get(30, TimeUnit.SECONDS));
            // and 20 more per customer are written while no job runs
            placeOrders(customers, 81, 20);
            // and the job is restored at parallelism 3 from its checkpoint while 20 more per customer are written
            JobClient second = runEvents(flink, ref, 3, checkpoints,
                    checkpoints.resolve(first.getJobID()).toString());
            placeOrders(customers, 101, 20);
            awaitApplied(dedup, 3 * 120, second);
            second.cancel().get(10, TimeUnit.SECONDS);
            assertThrows(Exception.class, () -> second.getJobExecutionResult().get(30, TimeUnit.SECONDS));
        }
        // Then the actor applied every journal event once: none lost at the restore, none read twice (a re-read
        // event would be numbered anew, so the actor could not tell it from a new one)
        assertEquals(expectedKeys(3, 120), sorted(dedup.applied), "repeats ignored: " + dedup.repeats.get());
    }

    @Test
    void handles_attached_from_four_threads_at_once_to_a_fresh_system_all_run_jobs() throws Exception {
        ActorSystem<SpawnProtocol.Command> fresh = ActorSystem.create(SpawnProtocol.create(), "break-race",
                OrdersService.config(work));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long from = t * 100L + 1;
                results.add(pool.submit(() -> {
                    assertTrue(go.await(30, TimeUnit.SECONDS));
                    try (FlinkStreamNode flink = FlinkStreamNode.attach(fresh)) {
                        io.flinkstream.connectors.CollectSink<Long> out = new io.flinkstream.connectors.CollectSink<>();
                        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
                        env.setParallelism(2);
                        env.fromSequence(from, from + 99).addSink(out);
                        env.execute("race " + from);
                        List<Long> got = sorted(out.results());
                        out.clear();
                        return got;
                    }
                }));
            }
            go.countDown();
            for (int t = 0; t < 4; t++) {
                assertEquals(LongStream.rangeClosed(t * 100L + 1, t * 100L + 100).boxed().toList(),
                        results.get(t).get(90, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            fresh.terminate();
            fresh.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void terminating_the_service_system_under_a_running_job_ends_the_job_and_close_does_not_hang()
            throws Exception {
        ActorSystem<SpawnProtocol.Command> doomed = ActorSystem.create(SpawnProtocol.create(), "break-doomed",
                OrdersService.config(work));
        FlinkStreamNode flink = FlinkStreamNode.attach(doomed);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(2);
        env.fromSource(new EndlessAfterRange(1, 10), "endless", io.flinkstream.api.typeinfo.Types.LONG)
                .addSink(new io.flinkstream.connectors.CollectSink<>());
        JobClient job = env.executeAsync("endless");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (job.getJobStatus().get(10, TimeUnit.SECONDS) != io.flinkstream.api.JobStatus.RUNNING) {
            assertTrue(System.nanoTime() < deadline, "never RUNNING");
            Thread.sleep(20);
        }
        doomed.terminate();
        doomed.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThrows(Exception.class, () -> job.getJobExecutionResult().get(30, TimeUnit.SECONDS),
                "the job's result must end (exceptionally), not wait forever");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(flink::close);
        closing.get(30, TimeUnit.SECONDS);
    }

    @Test
    void a_misspelt_flinkstream_key_fails_attach_naming_it() throws Exception {
        assertAttachFails("flinkstream.node.start-timeot = 5s", "flinkstream.node.start-timeot");
    }

    @Test
    void a_mistyped_flinkstream_setting_fails_attach_naming_it() throws Exception {
        assertAttachFails("flinkstream.node.start-timeout = soon", "flinkstream.node.start-timeout");
        assertAttachFails("flinkstream.embedding.join-self = maybe", "flinkstream.embedding.join-self");
    }

    private void assertAttachFails(String setting, String named) throws Exception {
        Config config = ConfigFactory.parseString(setting).withFallback(OrdersService.config(work));
        ActorSystem<SpawnProtocol.Command> other = ActorSystem.create(SpawnProtocol.create(), "break-config",
                config);
        try {
            Exception e = assertThrows(Exception.class, () -> FlinkStreamNode.attach(other).close());
            assertTrue(messages(e).contains(named), messages(e));
        } finally {
            other.terminate();
            other.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
