package io.flinkstream.connectors.akka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;


/**
 * The bookkeeping of one {@link ActorSink} subtask, without actors: records held until their checkpoint completes,
 * numbered records ready to go, and those sent but not yet acknowledged (oldest first). What a checkpoint stores is
 * everything numbered and not acknowledged, in delivery order. Single-threaded.
 */
final class DeliveryQueue {
    private record Numbered(long checkpointId, ActorSink.StoredDelivery delivery) {
    }

    private record Sent(ActorSink.StoredDelivery delivery, long sentAtNanos) {
    }

    /** Records since the last checkpoint, not yet numbered (exactly-once only). */
    private final List<Object> held = new ArrayList<>();
    /** Numbered at a checkpoint that has not completed yet, oldest first. */
    private final ArrayDeque<Numbered> waiting = new ArrayDeque<>();
    /** Numbered and allowed out, not yet sent. */
    private final ArrayDeque<ActorSink.StoredDelivery> ready = new ArrayDeque<>();
    /** Sent, not yet acknowledged, in sending order. */
    private final LinkedHashMap<Key, Sent> inFlight = new LinkedHashMap<>();

    private record Key(int subtask, long sequenceNr) {
    }

    /** The deliveries a restored checkpoint stored: all from completed checkpoints, so all ready. */
    void restore(List<ActorSink.StoredDelivery> restored) {
        ready.addAll(restored);
    }

    void hold(Object record) {
        held.add(record);
    }

    /** Numbers the held records for checkpoint {@code checkpointId}; returns the next free sequence number. */
    long numberHeld(int subtask, long nextSequenceNr, long checkpointId) {
        long next = nextSequenceNr;
        for (Object record : held) {
            waiting.add(new Numbered(checkpointId, new ActorSink.StoredDelivery(subtask, next++, record)));
        }
        held.clear();
        return next;
    }

    /** Lets out what was numbered at checkpoints up to {@code checkpointId}. */
    void checkpointComplete(long checkpointId) {
        while (!waiting.isEmpty() && waiting.peekFirst().checkpointId() <= checkpointId) {
            ready.add(waiting.pollFirst().delivery());
        }
    }

    void ready(ActorSink.StoredDelivery delivery) {
        ready.add(delivery);
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    int inFlight() {
        return inFlight.size();
    }

    /** Takes the next ready delivery and counts it as in flight. */
    ActorSink.StoredDelivery send(long nowNanos) {
        ActorSink.StoredDelivery next = ready.pollFirst();
        inFlight.put(new Key(next.subtask(), next.sequenceNr()), new Sent(next, nowNanos));
        return next;
    }

    /** @return whether the acknowledgement matched a delivery in flight (a repeated one does not) */
    boolean acknowledged(int subtask, long sequenceNr) {
        return inFlight.remove(new Key(subtask, sequenceNr)) != null;
    }

    long oldestSentAt() {
        return inFlight.values().iterator().next().sentAtNanos();
    }

    ActorSink.StoredDelivery oldestInFlight() {
        return inFlight.values().iterator().next().delivery();
    }

    /** Everything numbered and not acknowledged, in delivery order: what a checkpoint stores. */
    List<ActorSink.StoredDelivery> unacknowledged() {
        List<ActorSink.StoredDelivery> all = new ArrayList<>(inFlight.size() + ready.size() + waiting.size());
        for (Iterator<Sent> it = inFlight.values().iterator(); it.hasNext(); ) {
            all.add(it.next().delivery());
        }
        all.addAll(ready);
        for (Numbered numbered : waiting) {
            all.add(numbered.delivery());
        }
        return all;
    }
}
