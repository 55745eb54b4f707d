package io.flinkstream.connectors.akka;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.samples.orders.Customer;
import io.flinkstream.samples.orders.OrderPlaced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Akka Persistence Query source on akka-persistence-jdbc's read journal over an H2 file journal. */
class EventsSourceTest {
    @TempDir
    static Path data;
    private static ActorSystem<SpawnProtocol.Command> service;
    private static FlinkStreamNode flink;

    @BeforeAll
    static void startService() throws Exception {
        service = ServiceSystem.start("events-service", data);
        flink = FlinkStreamNode.attach(service);
    }

    @AfterAll
    static void stopService() throws Exception {
        flink.close();
        ServiceSystem.stop(service);
    }

    /** Places {@code count} orders for {@code customer} (persistence id customer|name), each acknowledged. */
    private static List<OrderPlaced> placeOrders(ActorRef<Customer.Command> customer, String name, int from, int count)
            throws Exception {
        List<OrderPlaced> placed = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String id = name + "-" + i;
            long amount = i;
            AskPattern.<Customer.Command, Customer.OrderStored>ask(customer,
                    replyTo -> new Customer.PlaceOrder(id, amount, replyTo), Duration.ofSeconds(10), service.scheduler())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            placed.add(new OrderPlaced(id, name, i));
        }
        return placed;
    }

    @Test
    void when_reading_current_events_by_persistence_id_then_the_job_gets_each_event_in_order_and_ends()
            throws Exception {
        // Given two customers' events in the journal
        ActorRef<Customer.Command> ann = ServiceSystem.spawn(service, Customer.create("ann"), "ann");
        ActorRef<Customer.Command> bob = ServiceSystem.spawn(service, Customer.create("bob"), "bob");
        List<OrderPlaced> annOrders = placeOrders(ann, "ann", 1, 30);
        placeOrders(bob, "bob", 1, 5);

        // When a bounded job reads ann's events only
        CollectSink<PersistedEvent<OrderPlaced>> out = new CollectSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(1);
        EventsSource<OrderPlaced> source = EventsSource.byPersistenceId(OrdersServiceConfig.READ_JOURNAL,
                OrderPlaced.class, "customer|ann").bounded();
        env.fromSource(source, "ann", source.producedType()).addSink(out);
        env.execute("ann's orders");

        // Then it got exactly her events, typed, with their sequence numbers 1..30
        assertEquals(annOrders, out.results().stream().map(PersistedEvent::event).toList());
        assertEquals(30, out.results().get(29).sequenceNr());
        assertTrue(out.results().stream().allMatch(e -> e.persistenceId().equals("customer|ann")));
        out.clear();
    }

    @Test
    void when_the_job_fails_while_events_are_written_then_the_actor_applies_every_journal_event_exactly_once()
            throws Exception {
        // Given events of a tag already in the journal
        ActorRef<Customer.Command> cat = ServiceSystem.spawn(service, Customer.create("cat"), "cat");
        ActorRef<Customer.Command> dan = ServiceSystem.spawn(service, Customer.create("dan"), "dan");
        List<OrderPlaced> written = new ArrayList<>(placeOrders(cat, "cat", 1, 150));
        RecordingActor<OrderPlaced> recording = new RecordingActor<>(Duration.ZERO, true);
        ActorRef<RecordingActor.Command> ref = ServiceSystem.spawn(service, recording.behavior(), "events-recording");

        // When a live job reads the tag into an exactly-once actor sink, fails once at its 200th event,
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(2);
        env.enableCheckpointing(50);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ofMillis(50)));
        EventsSource<OrderPlaced> source = EventsSource.byTag(OrdersServiceConfig.READ_JOURNAL, OrderPlaced.class,
                Customer.TAG).withMaxBatch(16);
        env.fromSource(source, "orders", source.producedType())
                .map(new EventFailingOnce(200)).name("event")
                .addSink(ActorSink.<OrderPlaced, RecordingActor.Command>to(ref, d -> new RecordingActor.Deliver<>(d)))
                .name("to recording");
        JobClient job = env.executeAsync("live orders");
        // and more events are written while it runs
        written.addAll(placeOrders(dan, "dan", 1, 150));
        written.addAll(placeOrders(cat, "cat", 151, 100));

        // Then the actor applies exactly the events the journal holds under the tag, each once
        List<OrderPlaced> journal = currentTagged();
        assertTrue(journal.containsAll(written));
        ServiceSystem.await("the actor to apply " + journal.size() + " events", Duration.ofSeconds(60),
                () -> recording.applied.size() >= journal.size() || job.getJobExecutionResult().isDone());
        assertEquals(1, job.getJobMetrics().get(10, TimeUnit.SECONDS).restarts(), "the failure happened");
        Thread.sleep(300); // anything beyond the journal's events would arrive now
        Comparator<OrderPlaced> byId = Comparator.comparing(OrderPlaced::orderId);
        assertEquals(journal.stream().sorted(byId).toList(), recording.applied.stream().sorted(byId).toList(),
                "repeats ignored: " + recording.repeats.get());

        // And cancelling the job through the handle leaves the service running
        job.cancel().get(10, TimeUnit.SECONDS);
        assertThrows(Exception.class, () -> job.getJobExecutionResult().get(30, TimeUnit.SECONDS));
        assertFalse(service.getWhenTerminated().toCompletableFuture().isDone());
        placeOrders(dan, "dan", 151, 1);
    }

    @Test
    void when_the_read_journal_is_not_configured_then_the_job_fails_naming_it() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(1);
        EventsSource<Object> source = EventsSource.byTag("no-such-read-journal", Object.class, "x").bounded();
        env.fromSource(source, "nowhere", source.producedType()).addSink(new CollectSink<>());

        JobExecutionException failure = assertThrows(JobExecutionException.class, () -> env.execute("nowhere"));

        String message = ActorSinkTest.rootMessage(failure);
        assertTrue(message.contains("'no-such-read-journal'") && message.contains("events-service"), message);
    }

    @Test
    void when_an_event_is_not_of_the_expected_type_then_the_job_fails_naming_both_classes() throws Exception {
        ActorRef<Customer.Command> eve = ServiceSystem.spawn(service, Customer.create("eve"), "eve");
        placeOrders(eve, "eve", 1, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(1);
        EventsSource<String> source = EventsSource.byPersistenceId(OrdersServiceConfig.READ_JOURNAL, String.class,
                "customer|eve").bounded();
        env.fromSource(source, "eve", source.producedType()).addSink(new CollectSink<>());

        JobExecutionException failure = assertThrows(JobExecutionException.class, () -> env.execute("eve"));

        String message = ActorSinkTest.rootMessage(failure);
        assertTrue(message.contains(OrderPlaced.class.getName()) && message.contains("java.lang.String"), message);
    }

    /** Every event under the orders tag, read with a bounded job. */
    private static List<OrderPlaced> currentTagged() throws Exception {
        CollectSink<PersistedEvent<OrderPlaced>> out = new CollectSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(1);
        EventsSource<OrderPlaced> source = EventsSource.byTag(OrdersServiceConfig.READ_JOURNAL, OrderPlaced.class,
                Customer.TAG).bounded();
        env.fromSource(source, "all orders", source.producedType()).addSink(out);
        env.execute("all orders");
        List<OrderPlaced> events = out.results().stream().map(PersistedEvent::event).toList();
        out.clear();
        return events;
    }

    /** The order of each event; throws once, in the first attempt, at the {@code failAt}-th event it sees. */
    static final class EventFailingOnce extends RichMapFunction<PersistedEvent<OrderPlaced>, OrderPlaced> {
        private final long failAt;
        private transient long seen;

        EventFailingOnce(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public OrderPlaced map(PersistedEvent<OrderPlaced> event) {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0 && ++seen == failAt) {
                throw new IllegalStateException("Injected failure at event " + failAt);
            }
            return event.event();
        }
    }

    /** The sample's read journal id. */
    private static final class OrdersServiceConfig {
        static final String READ_JOURNAL = io.flinkstream.samples.orders.OrdersService.READ_JOURNAL;
    }
}
