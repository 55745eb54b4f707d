package io.flinkstream.samples.orders;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.flinkstream.connectors.akka.ActorSink;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's actor that the job delivers customer totals to, through {@link ActorSink}. It applies each delivery
 * exactly once with the sink's rule: per sink subtask, a delivery whose sequence number is not above the highest one
 * applied is a repeat after a job restart, acknowledged and ignored.
 */
public final class Totals extends AbstractBehavior<Totals.Command> {

    /** What the totals actor understands. */
    public sealed interface Command {
    }

    /** A total from the job. */
    public record Deliver(ActorSink.Delivery<CustomerTotal> delivery) implements Command {
    }

    /** Asks for the totals so far. */
    public record GetTotals(ActorRef<Snapshot> replyTo) implements Command {
    }

    /**
     * The totals so far.
     *
     * @param totals the latest total per customer
     * @param applied deliveries applied
     * @param repeats deliveries ignored as repeats
     */
    public record Snapshot(Map<String, CustomerTotal> totals, long applied, long repeats) {
        public Snapshot {
            totals = Map.copyOf(totals);
        }
    }

    private final Map<String, CustomerTotal> totals = new TreeMap<>();
    private final Map<Integer, Long> lastApplied = new HashMap<>();
    private long applied;
    private long repeats;

    private Totals(ActorContext<Command> context) {
        super(context);
    }

    public static Behavior<Command> create() {
        return Behaviors.setup(Totals::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Deliver.class, this::onDeliver)
                .onMessage(GetTotals.class, this::onGetTotals)
                .build();
    }

    private Behavior<Command> onDeliver(Deliver deliver) {
        ActorSink.Delivery<CustomerTotal> delivery = deliver.delivery();
        if (delivery.sequenceNr() > lastApplied.getOrDefault(delivery.subtask(), 0L)) {
            CustomerTotal total = delivery.element();
            totals.put(total.customer(), total);
            lastApplied.put(delivery.subtask(), delivery.sequenceNr());
            applied++;
        } else {
            repeats++;
        }
        delivery.acknowledge();
        return this;
    }

    private Behavior<Command> onGetTotals(GetTotals get) {
        get.replyTo().tell(new Snapshot(totals, applied, repeats));
        return this;
    }
}
