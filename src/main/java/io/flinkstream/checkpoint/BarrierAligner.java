package io.flinkstream.checkpoint;

import io.flinkstream.api.CheckpointingMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides, for a subtask with {@code numChannels} input channels, what each checkpoint barrier means: which
 * channels to stop reading, when the subtask must snapshot and forward the barrier, and which checkpoints it must
 * give up on. Pure: the subtask feeds it what its channels deliver and applies the {@link Decision}s.
 *
 * <pre>{@code
 * BarrierAligner aligner = new BarrierAligner(3, CheckpointingMode.EXACTLY_ONCE);
 * Decision d = aligner.onBarrier(channel, checkpointId);
 * d.cancelledCheckpoints().forEach(id -> { declineToCoordinator(id); forwardCancellationBarrier(id); });
 * d.triggerCheckpoint().ifPresent(id -> { snapshot(id); forwardBarrier(id); });
 * d.channelsToBlock().forEach(gate::block);
 * d.channelsToUnblock().forEach(gate::unblock);
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Exactly once</b>: a channel that delivered the barrier of the checkpoint being aligned is blocked (not
 *       read) until every channel delivered it; then the checkpoint triggers and all channels are unblocked. At most
 *       one checkpoint is aligned at a time.</li>
 *   <li><b>At least once</b>: no channel is ever blocked; a checkpoint triggers when the last channel delivers its
 *       barrier. Several checkpoints can be in flight.</li>
 *   <li><b>One channel</b>: the barrier triggers at once in either mode; nothing is blocked.</li>
 *   <li><b>Channels are FIFO, so a newer barrier passes older ones.</b> When a channel delivers the barrier (or a
 *       cancellation barrier) of checkpoint {@code n}, an older checkpoint that channel never delivered can no
 *       longer complete: it is cancelled. So in exactly-once mode a barrier for a newer checkpoint arriving while an
 *       older one is aligned cancels the older one, unblocks its channels, and starts aligning the newer one.</li>
 *   <li><b>Decisions go out in increasing checkpoint order.</b> When a checkpoint triggers or is cancelled, every
 *       older checkpoint still in flight is cancelled first (subsumed), and later barriers of checkpoints up to that
 *       one are ignored, so the barriers and cancellation barriers the subtask forwards downstream keep their
 *       order.</li>
 *   <li><b>Ended channels</b> ({@link #onChannelEnded(int)}) count as having delivered every barrier not yet
 *       delivered, so the end of a channel can complete an alignment.</li>
 *   <li><b>Cancellation barriers</b> ({@link #onCancellationBarrier(int, long)}) travel in the channels like
 *       barriers: the checkpoint is cancelled here too and the cancellation must be forwarded. A checkpoint the
 *       coordinator aborted ({@link #onAbort(long)}) is only dropped: the coordinator tells every task itself, so
 *       nothing is declined or forwarded.</li>
 * </ul>
 *
 * <p>Preconditions, checked with {@link IllegalStateException} because breaking them is a bug in the caller: on each
 * channel barrier and cancellation ids strictly increase; a blocked or ended channel delivers nothing.
 * Not thread-safe: it belongs to its subtask's actor.
 */
public final class BarrierAligner {
    private static final long NONE = -1;

    private final int numChannels;
    private final CheckpointingMode mode;
    private final long[] lastSeen;
    private final BitSet ended = new BitSet();
    private final BitSet blocked = new BitSet();
    /** Checkpoints some channel delivered a barrier for, not yet triggered or cancelled: id to channels. */
    private final TreeMap<Long, BitSet> pending = new TreeMap<>();
    /** Checkpoints the coordinator aborted whose barriers may still arrive. */
    private final TreeSet<Long> aborted = new TreeSet<>();
    /** The newest checkpoint triggered or cancelled here; barriers up to it are ignored. */
    private long lastDecided = NONE;

    /**
     * What to do after an event. Apply it in this order: cancel each of {@link #cancelledCheckpoints()} (decline it
     * to the coordinator, forward a cancellation barrier on every output), then trigger (snapshot, then forward the
     * barrier), then block and unblock channels.
     *
     * @param triggerCheckpoint the checkpoint to snapshot and forward the barrier of, if any
     * @param cancelledCheckpoints checkpoints this subtask gives up on, in increasing order
     * @param channelsToBlock channels to stop reading
     * @param channelsToUnblock channels to read again
     * @param alignmentStarted whether a channel was blocked while none was: start timing the alignment
     * @param alignmentEnded whether the last blocked channels were released: stop timing the alignment (when both
     *     flags are set, an alignment was cancelled and the next one started)
     */
    public record Decision(OptionalLong triggerCheckpoint, List<Long> cancelledCheckpoints,
                           List<Integer> channelsToBlock, List<Integer> channelsToUnblock,
                           boolean alignmentStarted, boolean alignmentEnded) {
        /** Nothing to do. */
        public static final Decision NONE =
                new Decision(OptionalLong.empty(), List.of(), List.of(), List.of(), false, false);

        /** Copies the lists. */
        public Decision {
            Objects.requireNonNull(triggerCheckpoint, "triggerCheckpoint");
            cancelledCheckpoints = List.copyOf(cancelledCheckpoints);
            channelsToBlock = List.copyOf(channelsToBlock);
            channelsToUnblock = List.copyOf(channelsToUnblock);
        }

        /** Whether the decision asks for nothing. */
        public boolean isEmpty() {
            return equals(NONE);
        }
    }

    /**
     * @param numChannels the subtask's number of input channels, at least 1
     * @param mode whether to align (exactly once) or not (at least once)
     * @throws IllegalArgumentException if {@code numChannels} is below 1 or {@code mode} is null
     */
    public BarrierAligner(int numChannels, CheckpointingMode mode) {
        if (numChannels < 1) {
            throw new IllegalArgumentException("A barrier aligner needs at least one input channel, got "
                    + numChannels);
        }
        if (mode == null) {
            throw new IllegalArgumentException("A barrier aligner needs a checkpointing mode");
        }
        this.numChannels = numChannels;
        this.mode = mode;
        this.lastSeen = new long[numChannels];
        Arrays.fill(lastSeen, NONE);
    }

    /** {@code channel} delivered the barrier of {@code checkpointId}. */
    public Decision onBarrier(int channel, long checkpointId) {
        checkDelivery(channel, checkpointId, "a barrier");
        lastSeen[channel] = checkpointId;
        Outcome out = new Outcome();
        cancelOlderNotDeliveredBy(channel, checkpointId, out);
        BitSet arrived = pending.get(checkpointId);
        if (arrived == null) {
            if (isDecidedOrAborted(checkpointId)) {
                return finish(out);
            }
            if (passedByAnotherChannel(checkpointId)) {
                // A channel went past this checkpoint without its barrier: it can never complete here.
                cancel(checkpointId, out);
                return finish(out);
            }
            arrived = new BitSet(numChannels);
            pending.put(checkpointId, arrived);
        }
        arrived.set(channel);
        if (isComplete(arrived)) {
            trigger(checkpointId, out);
        } else if (mode == CheckpointingMode.EXACTLY_ONCE) {
            out.block(channel);
        }
        return finish(out);
    }

    /** {@code channel} delivered a cancellation barrier for {@code checkpointId}: an upstream task gave up on it. */
    public Decision onCancellationBarrier(int channel, long checkpointId) {
        checkDelivery(channel, checkpointId, "a cancellation barrier");
        lastSeen[channel] = checkpointId;
        Outcome out = new Outcome();
        if (!isDecidedOrAborted(checkpointId)) {
            cancel(checkpointId, out);
        }
        return finish(out);
    }

    /**
     * The coordinator aborted {@code checkpointId} (expired, or declined elsewhere). Drops it here and releases its
     * channels; its barriers are ignored from now on. The decision never cancels anything: the coordinator already
     * knows, and tells every task itself.
     */
    public Decision onAbort(long checkpointId) {
        Outcome out = new Outcome();
        if (checkpointId <= lastDecided) {
            return Decision.NONE;
        }
        if (pending.remove(checkpointId) != null && mode == CheckpointingMode.EXACTLY_ONCE) {
            out.unblockAll();
        }
        aborted.add(checkpointId);
        return finish(out);
    }

    /**
     * {@code channel} delivered its end of partition: it counts as having delivered every barrier from now on, which
     * may complete the checkpoint being aligned.
     */
    public Decision onChannelEnded(int channel) {
        checkChannel(channel);
        if (ended.get(channel)) {
            throw new IllegalStateException("Input channel " + channel + " ended twice");
        }
        if (blocked.get(channel)) {
            throw new IllegalStateException("Input channel " + channel + " is blocked and cannot be read until "
                    + "the alignment ends");
        }
        ended.set(channel);
        Outcome out = new Outcome();
        for (Map.Entry<Long, BitSet> entry : pending.descendingMap().entrySet()) {
            if (isComplete(entry.getValue())) {
                trigger(entry.getKey(), out);
                break;
            }
        }
        return finish(out);
    }

    /** Whether {@code channel} is blocked: it must not be read until a decision unblocks it. */
    public boolean isBlocked(int channel) {
        checkChannel(channel);
        return blocked.get(channel);
    }

    /** The blocked channels, in increasing order. */
    public List<Integer> blockedChannels() {
        return blocked.stream().boxed().toList();
    }

    /** The checkpoints some channel delivered a barrier for that have not triggered or been cancelled yet. */
    public List<Long> pendingCheckpoints() {
        return List.copyOf(pending.keySet());
    }

    /** The number of input channels. */
    public int numChannels() {
        return numChannels;
    }

    /** Whether this aligner aligns (exactly once) or not. */
    public CheckpointingMode mode() {
        return mode;
    }

    private void checkChannel(int channel) {
        if (channel < 0 || channel >= numChannels) {
            throw new IllegalArgumentException("Input channel " + channel + " does not exist; channels are 0 to "
                    + (numChannels - 1));
        }
    }

    private void checkDelivery(int channel, long checkpointId, String what) {
        checkChannel(channel);
        if (checkpointId < 0) {
            throw new IllegalArgumentException("A checkpoint id cannot be negative: " + checkpointId);
        }
        if (ended.get(channel)) {
            throw new IllegalStateException("Input channel " + channel + " delivered " + what + " for checkpoint "
                    + checkpointId + " after it ended");
        }
        if (blocked.get(channel)) {
            throw new IllegalStateException("Input channel " + channel + " delivered " + what + " for checkpoint "
                    + checkpointId + " while blocked: a blocked channel must not be read");
        }
        if (checkpointId <= lastSeen[channel]) {
            throw new IllegalStateException("Input channel " + channel + " delivered " + what + " for checkpoint "
                    + checkpointId + " after one for checkpoint " + lastSeen[channel] + "; ids must increase");
        }
    }

    private boolean isDecidedOrAborted(long checkpointId) {
        return checkpointId <= lastDecided || aborted.contains(checkpointId);
    }

    private boolean passedByAnotherChannel(long checkpointId) {
        for (long seen : lastSeen) {
            if (seen > checkpointId) {
                return true;
            }
        }
        return false;
    }

    private boolean isComplete(BitSet arrived) {
        BitSet all = (BitSet) arrived.clone();
        all.or(ended);
        return all.cardinality() == numChannels;
    }

    /** Cancels the newest pending checkpoint older than {@code checkpointId} that {@code channel} skipped. */
    private void cancelOlderNotDeliveredBy(int channel, long checkpointId, Outcome out) {
        for (Map.Entry<Long, BitSet> entry : pending.headMap(checkpointId, false).descendingMap().entrySet()) {
            if (!entry.getValue().get(channel)) {
                cancel(entry.getKey(), out);
                return;
            }
        }
    }

    /** Cancels {@code checkpointId} and, first, every older pending checkpoint. */
    private void cancel(long checkpointId, Outcome out) {
        subsumeOlderThan(checkpointId, out);
        pending.remove(checkpointId);
        out.cancelled.add(checkpointId);
        decided(checkpointId, out);
    }

    private void trigger(long checkpointId, Outcome out) {
        subsumeOlderThan(checkpointId, out);
        pending.remove(checkpointId);
        out.trigger = checkpointId;
        decided(checkpointId, out);
    }

    private void subsumeOlderThan(long checkpointId, Outcome out) {
        while (!pending.isEmpty() && pending.firstKey() < checkpointId) {
            out.cancelled.add(pending.pollFirstEntry().getKey());
        }
    }

    private void decided(long checkpointId, Outcome out) {
        lastDecided = Math.max(lastDecided, checkpointId);
        if (mode == CheckpointingMode.EXACTLY_ONCE && pending.isEmpty()) {
            out.unblockAll();
        }
    }

    private Decision finish(Outcome out) {
        forgetAbortedNoLongerExpected();
        return out.toDecision();
    }

    /** An aborted id can be forgotten once no channel can deliver its barrier any more. */
    private void forgetAbortedNoLongerExpected() {
        long lowestOpen = Long.MAX_VALUE;
        for (int channel = 0; channel < numChannels; channel++) {
            if (!ended.get(channel)) {
                lowestOpen = Math.min(lowestOpen, lastSeen[channel]);
            }
        }
        aborted.headSet(Math.max(lowestOpen, lastDecided), true).clear();
    }

    /** Collects one event's effects; blocked-set bookkeeping happens here so the flags stay consistent. */
    private final class Outcome {
        private long trigger = NONE;
        private final List<Long> cancelled = new ArrayList<>();
        private final List<Integer> toBlock = new ArrayList<>();
        private final List<Integer> toUnblock = new ArrayList<>();
        private boolean started;
        private boolean endedAlignment;

        void block(int channel) {
            if (blocked.isEmpty()) {
                started = true;
            }
            blocked.set(channel);
            toBlock.add(channel);
        }

        void unblockAll() {
            if (blocked.isEmpty()) {
                return;
            }
            blocked.stream().forEach(toUnblock::add);
            blocked.clear();
            endedAlignment = true;
        }

        Decision toDecision() {
            if (trigger == NONE && cancelled.isEmpty() && toBlock.isEmpty() && toUnblock.isEmpty()) {
                return Decision.NONE;
            }
            return new Decision(trigger == NONE ? OptionalLong.empty() : OptionalLong.of(trigger), cancelled,
                    toBlock, toUnblock, started, endedAlignment);
        }
    }
}
