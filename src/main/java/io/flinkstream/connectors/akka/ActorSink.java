package io.flinkstream.connectors.akka;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import io.flinkstream.api.CheckpointListener;
import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RichSinkFunction;
import io.flinkstream.api.actor.TaskActorAware;
import io.flinkstream.api.actor.TaskActorContext;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers every record to an actor of the service, with backpressure: each record goes out as a
 * {@link Delivery} (wrapped into the actor's own message type), and the actor answers every delivery with
 * {@link Delivery#acknowledge()}. At most {@code maxInFlight} deliveries per sink subtask are unacknowledged; while
 * more wait, the subtask takes no input, so the job slows down to the actor's pace through its credits (no thread
 * blocks). A delivery not acknowledged within {@code ackTimeout} fails the job, naming the sink and the actor.
 *
 * <p><b>Guarantees</b> (docs/embedding.md has the details):
 * <ul>
 *   <li>{@link Guarantee#EXACTLY_ONCE} (the default; needs checkpointing): records are held back until the checkpoint
 *   that covers them is complete, then delivered in order. Every delivery carries the sink subtask that numbered it
 *   ({@link Delivery#subtask()}) and a sequence number ({@link Delivery#sequenceNr()}) that starts at 1 and grows by
 *   one per record of that subtask. After a failure the job restarts from its last completed checkpoint and may
 *   deliver again what it delivered (or the actor received) after that checkpoint — the same records with the same
 *   subtask and sequence numbers, in the same order. An actor that keeps the highest sequence number it has applied
 *   per subtask and ignores deliveries at or below it therefore applies every record exactly once.</li>
 *   <li>{@link Guarantee#AT_LEAST_ONCE}: records are delivered as they arrive, without waiting for a checkpoint.
 *   Unacknowledged deliveries are stored with each checkpoint and delivered again after a restore, and records the
 *   job replays after a restore are delivered again under new sequence numbers: no record is lost, but one may
 *   arrive twice and the numbers do not identify duplicates.</li>
 * </ul>
 *
 * <pre>{@code
 * stream.addSink(ActorSink.to(totalsActor, TotalsActor.Deliver::new)).name("to totals");
 * // in the actor:
 * Behavior<Command> onDeliver(Deliver d) {
 *     Delivery<Total> delivery = d.delivery();
 *     if (delivery.sequenceNr() > lastApplied.getOrDefault(delivery.subtask(), 0L)) {
 *         apply(delivery.element());
 *         lastApplied.put(delivery.subtask(), delivery.sequenceNr());
 *     }
 *     delivery.acknowledge();
 *     return this;
 * }
 * }</pre>
 *
 * <p>The actor may be on any node of the cluster if its message type (with the element) is serializable by Akka.
 * In exactly-once mode the records of a checkpoint interval are kept in operator state until acknowledged; they are
 * stored with the job's serializers (Kryo for types without their own).
 *
 * @param <T> record type
 * @param <M> the actor's message type
 */
public final class ActorSink<T, M> extends RichSinkFunction<T>
        implements CheckpointedFunction, CheckpointListener, TaskActorAware {
    private static final long serialVersionUID = 1L;

    /** What the sink promises about the records the actor receives. */
    public enum Guarantee { EXACTLY_ONCE, AT_LEAST_ONCE }

    /**
     * One record for the actor.
     *
     * @param element the record
     * @param subtask the sink subtask that numbered it; with {@code sequenceNr}, the record's identity across restarts
     * @param sequenceNr 1, 2, 3, … per {@code subtask}, in delivery order
     * @param ackTo where the acknowledgement goes; use {@link #acknowledge()}
     * @param <T> record type
     */
    public record Delivery<T>(T element, int subtask, long sequenceNr, ActorRef<Ack> ackTo) {
        /** Tells the sink this delivery is done with: it may send the next one. */
        public void acknowledge() {
            ackTo.tell(new Ack(subtask, sequenceNr));
        }
    }

    /** The acknowledgement of the delivery {@code sequenceNr} of {@code subtask}. */
    public record Ack(int subtask, long sequenceNr) {
    }

    /** Wraps a delivery into the actor's message type; serializable, as it travels with the job. */
    @FunctionalInterface
    public interface DeliveryMessage<T, M> extends Serializable {
        M apply(Delivery<T> delivery);
    }

    /** The defaults: {@link Guarantee#EXACTLY_ONCE}, 16 in flight, 30 s acknowledgement timeout. */
    public static <T, M> ActorSink<T, M> to(ActorRef<M> target, DeliveryMessage<T, M> toMessage) {
        return new ActorSink<>(target, toMessage, Guarantee.EXACTLY_ONCE, 16, Duration.ofSeconds(30));
    }

    // Configuration, frozen into the job.
    private final String targetPath;
    private final DeliveryMessage<T, M> toMessage;
    private final Guarantee guarantee;
    private final int maxInFlight;
    private final Duration ackTimeout;

    // Per subtask attempt.
    private transient TaskActorContext actors;
    private transient ActorRef<M> target;
    private transient ActorRef<Ack> ackTo;
    private transient ListState<StoredDelivery> pendingState;
    private transient ListState<SequenceCounter> counterState;
    private transient DeliveryQueue queue;
    private transient int subtask;
    private transient long nextSequenceNr;
    /**
     * The counters of former subtasks this one stands in for after a restore at a smaller parallelism (those whose
     * index mod the parallelism is this one's), kept in every checkpoint so that a later restore at a larger
     * parallelism gives each its old counter back instead of starting it at 1 again.
     */
    private transient java.util.Map<Integer, Long> inheritedCounters;
    private transient boolean finished;
    private transient TaskActorContext.Cancellable timeoutCheck;

    private ActorSink(ActorRef<M> target, DeliveryMessage<T, M> toMessage, Guarantee guarantee, int maxInFlight,
                      Duration ackTimeout) {
        if (target == null || toMessage == null) {
            throw new NullPointerException("ActorSink.to(target, toMessage) needs both");
        }
        this.targetPath = target.path().toSerializationFormat();
        this.toMessage = toMessage;
        this.guarantee = guarantee;
        this.maxInFlight = maxInFlight;
        this.ackTimeout = ackTimeout;
    }

    /** The guarantee (default exactly-once). */
    public ActorSink<T, M> withGuarantee(Guarantee newGuarantee) {
        if (newGuarantee == null) {
            throw new NullPointerException("withGuarantee(null): pass EXACTLY_ONCE or AT_LEAST_ONCE");
        }
        return new ActorSink<>(this, newGuarantee, maxInFlight, ackTimeout);
    }

    /** How many deliveries per sink subtask may be unacknowledged (default 16). */
    public ActorSink<T, M> withMaxInFlight(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("ActorSink.withMaxInFlight(" + max + "): must be at least 1");
        }
        return new ActorSink<>(this, guarantee, max, ackTimeout);
    }

    /** How long the actor may take to acknowledge a delivery before the job fails (default 30 s). */
    public ActorSink<T, M> withAckTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ActorSink.withAckTimeout(" + timeout + "): must be positive");
        }
        return new ActorSink<>(this, guarantee, maxInFlight, timeout);
    }

    private ActorSink(ActorSink<T, M> base, Guarantee guarantee, int maxInFlight, Duration ackTimeout) {
        this.targetPath = base.targetPath;
        this.toMessage = base.toMessage;
        this.guarantee = guarantee;
        this.maxInFlight = maxInFlight;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void setTaskActorContext(TaskActorContext context) {
        this.actors = context;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        queue = new DeliveryQueue();
        // Union lists: on a restore at another parallelism every origin's deliveries stay together, in order.
        pendingState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("actor-sink-deliveries", StoredDelivery.class));
        counterState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("actor-sink-sequence", SequenceCounter.class));
        nextSequenceNr = 1;
        inheritedCounters = new java.util.TreeMap<>();
        for (SequenceCounter counter : counterState.get()) {
            if (counter.subtask() == subtask) {
                nextSequenceNr = Math.max(nextSequenceNr, counter.nextSequenceNr());
            } else if (counter.subtask() % parallelism == subtask) {
                inheritedCounters.merge(counter.subtask(), counter.nextSequenceNr(), Math::max);
            }
        }
        List<StoredDelivery> mine = new ArrayList<>();
        for (StoredDelivery stored : pendingState.get()) {
            if (stored.subtask() % parallelism == subtask) {
                mine.add(stored);
            }
        }
        // Everything a restored checkpoint holds belongs to completed checkpoints: deliver it all again.
        queue.restore(mine);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        if (actors == null) {
            throw new IllegalStateException("ActorSink runs only inside a job on a FlinkStream node");
        }
        if (guarantee == Guarantee.EXACTLY_ONCE && !getRuntimeContext().isCheckpointingEnabled()) {
            throw new IllegalStateException("The ActorSink of " + actors.describe() + " delivers exactly-once, "
                    + "which means only records of completed checkpoints, but the job takes no checkpoints: enable "
                    + "checkpointing (env.enableCheckpointing(interval)) or use "
                    + "ActorSink.withGuarantee(Guarantee.AT_LEAST_ONCE)");
        }
        target = ActorRefResolver.get(actors.system()).resolveActorRef(targetPath);
        ackTo = actors.receiver(Ack.class, this::onAck);
        sendWhatMayGo();
    }

    @Override
    public void invoke(T value, Context context) throws Exception {
        if (guarantee == Guarantee.EXACTLY_ONCE) {
            queue.hold(value);
        } else {
            queue.ready(new StoredDelivery(subtask, nextSequenceNr++, value));
            sendWhatMayGo();
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        if (guarantee == Guarantee.EXACTLY_ONCE) {
            // Numbered now, so a restore from this checkpoint delivers them under the same numbers.
            nextSequenceNr = queue.numberHeld(subtask, nextSequenceNr, context.getCheckpointId());
        }
        pendingState.update(queue.unacknowledged());
        List<SequenceCounter> counters = new ArrayList<>(1 + inheritedCounters.size());
        counters.add(new SequenceCounter(subtask, nextSequenceNr));
        inheritedCounters.forEach((origin, next) -> counters.add(new SequenceCounter(origin, next)));
        counterState.update(counters);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        queue.checkpointComplete(checkpointId);
        sendWhatMayGo();
    }

    @Override
    public void finish() throws Exception {
        // Hold the subtask open until the actor has acknowledged everything that may go; in exactly-once mode the
        // job's final checkpoint releases the rest.
        finished = true;
        sendWhatMayGo();
    }

    private void onAck(Ack ack) throws Exception {
        if (queue.acknowledged(ack.subtask(), ack.sequenceNr())) {
            sendWhatMayGo();
        }
    }

    private void sendWhatMayGo() {
        if (target == null) {
            return; // before open: open sends what a restore brought back
        }
        while (queue.inFlight() < maxInFlight && queue.hasReady()) {
            StoredDelivery next = queue.send(System.nanoTime());
            @SuppressWarnings("unchecked")
            T element = (T) next.element();
            target.tell(toMessage.apply(new Delivery<>(element, next.subtask(), next.sequenceNr(), ackTo)));
        }
        boolean mustWait = queue.hasReady() || (finished && queue.inFlight() > 0);
        if (mustWait) {
            actors.pauseInput();
        } else {
            actors.resumeInput();
        }
        scheduleTimeoutCheck();
    }

    private void scheduleTimeoutCheck() {
        if (timeoutCheck != null || queue.inFlight() == 0) {
            return;
        }
        long waited = System.nanoTime() - queue.oldestSentAt();
        timeoutCheck = actors.scheduleOnce(ackTimeout.minusNanos(Math.min(waited, ackTimeout.toNanos())),
                this::checkTimeout);
    }

    private void checkTimeout() throws java.util.concurrent.TimeoutException {
        timeoutCheck = null;
        if (queue.inFlight() > 0 && System.nanoTime() - queue.oldestSentAt() >= ackTimeout.toNanos()) {
            StoredDelivery oldest = queue.oldestInFlight();
            throw new java.util.concurrent.TimeoutException("The ActorSink of " + actors.describe() + " got no "
                    + "acknowledgement from " + targetPath + " for delivery " + oldest.sequenceNr() + " of subtask "
                    + oldest.subtask() + " within " + ackTimeout.toMillis() + " ms (" + queue.inFlight()
                    + " unacknowledged): the actor has stopped, is overloaded, or does not call "
                    + "Delivery.acknowledge(). ActorSink.withAckTimeout raises the limit");
        }
        scheduleTimeoutCheck();
    }

    /** A numbered record kept in operator state until acknowledged. */
    record StoredDelivery(int subtask, long sequenceNr, Object element) implements Serializable {
    }

    /** The next sequence number of a sink subtask. */
    record SequenceCounter(int subtask, long nextSequenceNr) implements Serializable {
    }
}
