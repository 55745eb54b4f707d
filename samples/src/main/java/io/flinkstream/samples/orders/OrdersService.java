package io.flinkstream.samples.orders;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.api.Collector;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.connectors.akka.ActorSink;
import io.flinkstream.connectors.akka.EventsSource;
import io.flinkstream.connectors.akka.PersistedEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A Java service that runs Akka and embeds FlinkStream: its own actor system, event-sourced {@link Customer}s
 * writing {@link OrderPlaced} events to an H2 file journal, and, in the same system, a FlinkStream job that reads
 * the orders by tag ({@link EventsSource}), keeps a running total per customer in keyed state, and delivers every
 * new total to the service's {@link Totals} actor ({@link ActorSink}, exactly-once with its sequence numbers).
 * Half the orders are placed before the job starts, half while it runs; with {@code --fail-at N} the job fails once
 * at its N-th event and resumes from its last checkpoint. At the end the service checks that its totals equal the
 * sums of the orders in the journal and that it applied exactly one update per order.
 *
 * <pre>
 * java -cp target/flinkstream-all.jar io.flinkstream.samples.orders.OrdersService [--orders N] [--customers N]
 *     [--fail-at N] [--data DIR]
 * </pre>
 */
public final class OrdersService {
    /** The read journal the job queries. */
    public static final String READ_JOURNAL = "jdbc-read-journal";

    /**
     * How a run goes.
     *
     * @param orders orders placed
     * @param customers customers they are spread over
     * @param failAt the event (1-based) at which the job fails once, or 0 for none
     * @param dataDir where the H2 journal lives
     */
    public record Options(int orders, int customers, long failAt, Path dataDir) {
        static Options parse(String[] args) throws IOException {
            int orders = 2_000;
            int customers = 20;
            long failAt = 0;
            Path data = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--orders" -> orders = Integer.parseInt(need(args[i], value));
                    case "--customers" -> customers = Integer.parseInt(need(args[i], value));
                    case "--fail-at" -> failAt = Long.parseLong(need(args[i], value));
                    case "--data" -> data = Path.of(need(args[i], value));
                    default -> throw new IllegalArgumentException("Unknown option '" + args[i] + "'; use --orders N, "
                            + "--customers N, --fail-at N, --data DIR");
                }
                i++;
            }
            return new Options(orders, customers, failAt, data != null ? data
                    : Files.createTempDirectory("orders-service"));
        }

        private static String need(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }

    /**
     * What a run ended with.
     *
     * @param expected the sum and count of orders per customer, as placed (and stored in the journal)
     * @param received what the totals actor holds at the end
     * @param restarts how many times the job restarted after a failure
     */
    public record Outcome(Map<String, CustomerTotal> expected, Totals.Snapshot received, int restarts) {
        /** Whether the actor's totals equal the orders and it applied exactly one update per order. */
        public boolean exact() {
            long orders = expected.values().stream().mapToLong(CustomerTotal::orders).sum();
            return expected.equals(received.totals()) && received.applied() == orders;
        }
    }

    private OrdersService() {
    }

    public static void main(String[] args) throws Exception {
        Outcome outcome = run(Options.parse(args), System.out);
        System.exit(outcome.exact() ? 0 : 1);
    }

    /** The service's configuration: a cluster of one, the H2 file journal, Jackson CBOR for its messages. */
    public static Config config(Path dataDir) {
        String url = "jdbc:h2:file:" + dataDir.resolve("journal").toAbsolutePath() + ";WRITE_DELAY=0";
        return ConfigFactory.parseString(""
                + "akka.actor.provider = cluster\n"
                + "akka.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
                + "akka.remote.artery.canonical.port = 0\n"
                + "akka.cluster.jmx.enabled = off\n"
                + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                + "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]\n"
                + "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"\n"
                + "akka.actor.serialization-bindings {\n"
                + "  \"io.flinkstream.samples.orders.OrdersMessage\" = jackson-cbor\n"
                + "}\n"
                + "flinkstream.embedding.join-self = on\n"
                + "akka.persistence.journal.plugin = \"jdbc-journal\"\n"
                + "akka.persistence.snapshot-store.plugin = \"jdbc-snapshot-store\"\n"
                + "jdbc-journal.use-shared-db = \"slick\"\n"
                + "jdbc-snapshot-store.use-shared-db = \"slick\"\n"
                + "jdbc-read-journal.use-shared-db = \"slick\"\n"
                + "jdbc-read-journal.refresh-interval = 100ms\n"
                + "akka-persistence-jdbc.shared-databases.slick {\n"
                + "  profile = \"slick.jdbc.H2Profile$\"\n"
                + "  db {\n"
                + "    url = \"" + url + "\"\n"
                + "    user = \"sa\"\n"
                + "    password = \"\"\n"
                + "    driver = \"org.h2.Driver\"\n"
                + "    numThreads = 2\n"
                + "    maxConnections = 2\n"
                + "    minConnections = 1\n"
                + "  }\n"
                + "}\n").withFallback(ConfigFactory.load());
    }

    /**
     * Creates the journal's tables unless they exist: akka-persistence-jdbc's H2 schema, with its one index made
     * {@code IF NOT EXISTS} too so a second start does not fail.
     */
    public static void createSchema(Config config) throws IOException, SQLException {
        String sql;
        try (InputStream in = OrdersService.class.getResourceAsStream("/schema/h2/h2-create-schema.sql")) {
            if (in == null) {
                throw new IOException("schema/h2/h2-create-schema.sql is not on the classpath (akka-persistence-jdbc)");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("CREATE UNIQUE INDEX \"", "CREATE UNIQUE INDEX IF NOT EXISTS \"");
        }
        Config db = config.getConfig("akka-persistence-jdbc.shared-databases.slick.db");
        try (Connection connection = DriverManager.getConnection(db.getString("url"), db.getString("user"),
                db.getString("password")); Statement statement = connection.createStatement()) {
            for (String part : sql.split(";")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        }
    }

    /** Runs the service: places the orders, runs the job, waits for the totals, stops; prints to {@code out}. */
    public static Outcome run(Options options, PrintStream out) throws Exception {
        Config config = config(options.dataDir());
        createSchema(config);
        ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "orders", config);
        try {
            ActorRef<Totals.Command> totals = spawn(system, Totals.create(), "totals");
            List<ActorRef<Customer.Command>> customers = new ArrayList<>();
            for (int c = 0; c < options.customers(); c++) {
                customers.add(spawn(system, Customer.create("c" + c), "customer-" + c));
            }
            Map<String, CustomerTotal> expected = new TreeMap<>();
            int half = options.orders() / 2;
            placeOrders(system, customers, 0, half, expected);
            try (FlinkStreamNode flink = FlinkStreamNode.attach(system)) {
                JobClient job = startJob(flink, totals, options.failAt());
                placeOrders(system, customers, half, options.orders(), expected);
                Totals.Snapshot received = awaitTotals(system, totals, options.orders(), job);
                int restarts = job.getJobMetrics().get(10, TimeUnit.SECONDS).restarts();
                out.printf("%d orders of %d customers; the job restarted %d time(s); the totals actor applied %d "
                        + "updates and ignored %d repeats%n", options.orders(), options.customers(), restarts,
                        received.applied(), received.repeats());
                Outcome outcome = new Outcome(expected, received, restarts);
                out.println(outcome.exact() ? "Totals are exact: every order counted once."
                        : "Totals differ from the orders in the journal!");
                return outcome;
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** The job: orders by tag → running total per customer (keyed state) → the totals actor. */
    static JobClient startJob(FlinkStreamNode flink, ActorRef<Totals.Command> totals, long failAt) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(flink);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        EventsSource<OrderPlaced> orders = EventsSource.byTag(READ_JOURNAL, OrderPlaced.class, Customer.TAG);
        env.fromSource(orders, "orders", orders.producedType())
                .map(new EventOf(failAt)).name("event")
                .keyBy(new CustomerKey())
                .process(new RunningTotal()).name("running total")
                .addSink(ActorSink.to(totals, Totals.Deliver::new)).name("to totals");
        return env.executeAsync("order totals");
    }

    private static <T> ActorRef<T> spawn(ActorSystem<SpawnProtocol.Command> system,
                                         akka.actor.typed.Behavior<T> behavior, String name) throws Exception {
        return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
                replyTo -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), replyTo),
                Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void placeOrders(ActorSystem<?> system, List<ActorRef<Customer.Command>> customers, int from,
                                    int to, Map<String, CustomerTotal> expected) throws Exception {
        for (int i = from; i < to; i++) {
            int c = i % customers.size();
            long amount = 100 + (i * 37L) % 900;
            String orderId = "o" + i;
            AskPattern.<Customer.Command, Customer.OrderStored>ask(customers.get(c),
                    replyTo -> new Customer.PlaceOrder(orderId, amount, replyTo), Duration.ofSeconds(10),
                    system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            expected.merge("c" + c, new CustomerTotal("c" + c, 1, amount),
                    (a, b) -> new CustomerTotal(a.customer(), a.orders() + 1, a.totalCents() + b.totalCents()));
        }
    }

    private static Totals.Snapshot awaitTotals(ActorSystem<?> system, ActorRef<Totals.Command> totals, long orders,
                                               JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            Totals.Snapshot snapshot = AskPattern.<Totals.Command, Totals.Snapshot>ask(totals,
                    Totals.GetTotals::new, Duration.ofSeconds(10), system.scheduler())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (snapshot.applied() >= orders || System.nanoTime() > deadline) {
                return snapshot;
            }
            if (job.getJobExecutionResult().isDone()) {
                job.getJobExecutionResult().get(); // throws the job's failure
                return snapshot;
            }
            Thread.sleep(50);
        }
    }

    /** The order inside each persisted event; fails once, in the first attempt, at event {@code failAt}. */
    static final class EventOf extends RichMapFunction<PersistedEvent<OrderPlaced>, OrderPlaced> {
        private final long failAt;
        private transient long seen;
        private transient boolean failing;

        EventOf(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public void open(OpenContext context) {
            failing = failAt > 0 && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
        }

        @Override
        public OrderPlaced map(PersistedEvent<OrderPlaced> event) {
            if (failing && ++seen == failAt) {
                throw new IllegalStateException("Injected failure at event " + failAt);
            }
            return event.event();
        }
    }

    /** Orders are keyed by customer. */
    static final class CustomerKey implements io.flinkstream.api.KeySelector<OrderPlaced, String> {
        @Override
        public String getKey(OrderPlaced order) {
            return order.customer();
        }
    }

    /** The running total of each customer, in keyed state; emits the new total after every order. */
    static final class RunningTotal extends KeyedProcessFunction<String, OrderPlaced, CustomerTotal> {
        private transient ValueState<CustomerTotal> total;

        @Override
        public void open(OpenContext context) {
            total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", CustomerTotal.class));
        }

        @Override
        public void processElement(OrderPlaced order, Context context, Collector<CustomerTotal> out)
                throws Exception {
            CustomerTotal before = total.value();
            CustomerTotal after = before == null ? new CustomerTotal(order.customer(), 1, order.amountCents())
                    : new CustomerTotal(order.customer(), before.orders() + 1,
                            before.totalCents() + order.amountCents());
            total.update(after);
            out.collect(after);
        }
    }
}
