package io.flinkstream.connectors.akka;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service actor that receives an {@link ActorSink}'s deliveries: applies each at most once by the sink's rule
 * (per subtask, a sequence number not above the highest applied is a repeat), records what it applied and saw, and
 * tracks how many deliveries it held unacknowledged at once. It acknowledges after {@code ackDelay} (zero: at once),
 * or never.
 */
final class RecordingActor<T> {
    /** What the actor handles. */
    sealed interface Command {
    }

    record Deliver<T>(ActorSink.Delivery<T> delivery) implements Command {
    }

    private record AckLater<T>(ActorSink.Delivery<T> delivery) implements Command {
    }

    final List<T> applied = new CopyOnWriteArrayList<>();
    final List<ActorSink.Delivery<T>> received = new CopyOnWriteArrayList<>();
    final AtomicInteger repeats = new AtomicInteger();
    final AtomicInteger maxUnacknowledged = new AtomicInteger();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final Duration ackDelay;
    private final boolean acknowledges;

    RecordingActor(Duration ackDelay, boolean acknowledges) {
        this.ackDelay = ackDelay;
        this.acknowledges = acknowledges;
    }

    @SuppressWarnings("unchecked")
    Behavior<Command> behavior() {
        Map<Integer, Long> lastApplied = new HashMap<>();
        return Behaviors.withTimers(timers -> Behaviors.receive(Command.class)
                .onMessage(Deliver.class, message -> {
                    ActorSink.Delivery<T> delivery = message.delivery();
                    received.add(delivery);
                    maxUnacknowledged.accumulateAndGet(unacknowledged.incrementAndGet(), Math::max);
                    if (delivery.sequenceNr() > lastApplied.getOrDefault(delivery.subtask(), 0L)) {
                        applied.add(delivery.element());
                        lastApplied.put(delivery.subtask(), delivery.sequenceNr());
                    } else {
                        repeats.incrementAndGet();
                    }
                    if (!acknowledges) {
                        return Behaviors.same();
                    }
                    if (ackDelay.isZero()) {
                        acknowledge(delivery);
                    } else {
                        timers.startSingleTimer(delivery, new AckLater<>(delivery), ackDelay);
                    }
                    return Behaviors.same();
                })
                .onMessage(AckLater.class, later -> {
                    acknowledge(later.delivery());
                    return Behaviors.same();
                })
                .build());
    }

    private void acknowledge(ActorSink.Delivery<?> delivery) {
        unacknowledged.decrementAndGet();
        delivery.acknowledge();
    }
}
