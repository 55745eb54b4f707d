package io.flinkstream.samples.orders;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;

import java.util.Set;

/**
 * An event-sourced customer: every order it is told to place becomes an {@link OrderPlaced} event in the journal,
 * tagged {@value #TAG} so the job can read all customers' orders with one query.
 */
public final class Customer extends EventSourcedBehavior<Customer.Command, OrderPlaced, Customer.State> {
    /** The tag of every order event. */
    public static final String TAG = "order";

    /** What a customer understands. */
    public sealed interface Command extends OrdersMessage {
    }

    /** Place an order; {@code replyTo} hears once the event is stored. */
    public record PlaceOrder(String orderId, long amountCents, ActorRef<OrderStored> replyTo) implements Command {
    }

    /** An order's event is in the journal. */
    public record OrderStored(String orderId, long sequenceNr) implements OrdersMessage {
    }

    /** How many orders the customer placed. */
    public record State(long orders) {
    }

    private final String name;

    private Customer(String name) {
        super(PersistenceId.of("customer", name));
        this.name = name;
    }

    /** The customer {@code name}, persistence id {@code customer|name}. */
    public static Behavior<Command> create(String name) {
        return new Customer(name);
    }

    @Override
    public State emptyState() {
        return new State(0);
    }

    @Override
    public CommandHandler<Command, OrderPlaced, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(PlaceOrder.class, (state, order) -> Effect()
                        .persist(new OrderPlaced(order.orderId(), name, order.amountCents()))
                        .thenReply(order.replyTo(), s -> new OrderStored(order.orderId(), s.orders())))
                .build();
    }

    @Override
    public EventHandler<State, OrderPlaced> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(OrderPlaced.class, (state, event) -> new State(state.orders() + 1))
                .build();
    }

    @Override
    public Set<String> tagsFor(OrderPlaced event) {
        return Set.of(TAG);
    }
}
