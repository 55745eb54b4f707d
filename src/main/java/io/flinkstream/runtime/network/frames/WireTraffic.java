package io.flinkstream.runtime.network.frames;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.ExtensionIdProvider;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one node wrote and read of the data plane on the wire, counted by {@link FrameSerializer}: the bytes of
 * record batches and events sent to subtasks on other nodes, and the bytes of frames received from them. Local sends
 * are not serialized, so they do not count (unless {@code akka.actor.serialize-messages} is on, a test setting).
 * Also the time spent turning batches into bytes and back: the records of a batch by the sending and the receiving
 * subtask ({@link #batchSerialized}, {@link #batchDeserialized}), and its frame by Akka's remoting
 * ({@link FrameSerializer}), in CPU time of the thread doing it ({@link #threadCpuNanos}): one pair of clock reads per serialized batch, nothing per record and nothing
 * for batches handed by reference.
 *
 * <pre>{@code
 * long sent = WireTraffic.get(node.system()).batchBytesSent();
 * }</pre>
 */
public final class WireTraffic implements Extension {
    private final LongAdder batchBytesSent = new LongAdder();
    private final LongAdder batchesSent = new LongAdder();
    private final LongAdder eventBytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder serializeNanos = new LongAdder();
    private final LongAdder deserializeNanos = new LongAdder();
    private final LongAdder frameWriteNanos = new LongAdder();
    private final LongAdder frameReadNanos = new LongAdder();

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * The CPU time of the calling thread in nanoseconds, what the timings around batches take the difference of: unlike
     * {@code System.nanoTime()}, it does not count the time the thread waited for a core, which on a machine with more
     * busy threads than cores would make serializing look dearer than it is. One {@code clock_gettime} on Linux.
     */
    public static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * What two back-to-back {@code System.nanoTime()} calls measure with nothing between them (the median of a few
     * thousand pairs at start-up): taken off the timings of single record appends, which are a few times that.
     */
    public static final long NANO_TIME_COST = nanoTimeCost();

    private static long nanoTimeCost() {
        long[] pairs = new long[4_001];
        for (int round = 0; round < 3; round++) { // the last round, once the calls are compiled
            for (int i = 0; i < pairs.length; i++) {
                long start = System.nanoTime();
                pairs[i] = System.nanoTime() - start;
            }
        }
        java.util.Arrays.sort(pairs);
        return pairs[pairs.length / 2];
    }

    /** Artery's largest message (header included); a larger one would be dropped, not delivered. */
    private volatile long maxFrameBytes = Long.MAX_VALUE;

    /**
     * The most bytes of records one batch frame to another node may carry: Artery's
     * {@code akka.remote.artery.advanced.maximum-frame-size} less room for the envelope (recipient path, manifest).
     */
    public long maxBatchBytes() {
        return maxFrameBytes == Long.MAX_VALUE ? Long.MAX_VALUE : maxFrameBytes - FRAME_OVERHEAD_BYTES;
    }

    /** {@code flinkstream.network.remote-batch-bytes}: the size batches to another node ship at. */
    private volatile long remoteBatchBytes = 64 * 1024;

    /**
     * The bytes of records at which a batch to another node ships ({@code flinkstream.network.remote-batch-bytes}),
     * at most {@link #maxBatchBytes()}.
     */
    public long remoteBatchBytes() {
        return Math.min(remoteBatchBytes, maxBatchBytes());
    }

    /** Room left in a frame for Artery's envelope: the recipient's path, sender, manifest and header. */
    private static final int FRAME_OVERHEAD_BYTES = 4096;

    /** The counters of {@code system}'s node. */
    public static WireTraffic get(akka.actor.typed.ActorSystem<?> system) {
        return Id.INSTANCE.get(akka.actor.typed.javadsl.Adapter.toClassic(system));
    }

    static WireTraffic get(ExtendedActorSystem system) {
        return Id.INSTANCE.get(system);
    }

    void batchSent(int bytes) {
        batchBytesSent.add(bytes);
        batchesSent.increment();
    }

    void eventSent(int bytes) {
        eventBytesSent.add(bytes);
    }

    void received(int bytes) {
        bytesReceived.add(bytes);
    }

    void frameWritten(long nanos) {
        frameWriteNanos.add(nanos);
    }

    void frameRead(long nanos) {
        frameReadNanos.add(nanos);
    }

    /** A subtask spent {@code nanos} writing the records of one batch for a channel that serializes. */
    public void batchSerialized(long nanos) {
        serializeNanos.add(nanos);
    }

    /** A subtask spent {@code nanos} reading the records of one serialized batch back. */
    public void batchDeserialized(long nanos) {
        deserializeNanos.add(nanos);
    }

    /** Bytes of serialized record batches this node sent to other nodes. */
    public long batchBytesSent() {
        return batchBytesSent.sum();
    }

    /** Record batches this node sent to other nodes. */
    public long batchesSent() {
        return batchesSent.sum();
    }

    /** Bytes of barriers, ends and credits this node sent to other nodes. */
    public long eventBytesSent() {
        return eventBytesSent.sum();
    }

    /** Bytes of data-plane frames this node received from other nodes. */
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    /** Nanoseconds subtasks of this node spent serializing the records of batches (on their own threads). */
    public long serializeNanos() {
        return serializeNanos.sum();
    }

    /** Nanoseconds subtasks of this node spent deserializing the records of batches (on their own threads). */
    public long deserializeNanos() {
        return deserializeNanos.sum();
    }

    /** Nanoseconds remoting spent writing batch frames around the serialized records (a header and a copy). */
    public long frameWriteNanos() {
        return frameWriteNanos.sum();
    }

    /** Nanoseconds remoting spent reading batch frames (a header and a copy). */
    public long frameReadNanos() {
        return frameReadNanos.sum();
    }

    private static final class Id extends AbstractExtensionId<WireTraffic> implements ExtensionIdProvider {
        static final Id INSTANCE = new Id();

        @Override
        public WireTraffic createExtension(ExtendedActorSystem system) {
            WireTraffic traffic = new WireTraffic();
            com.typesafe.config.Config config = system.settings().config();
            String frameSize = "akka.remote.artery.advanced.maximum-frame-size";
            if (config.hasPath(frameSize)) {
                traffic.maxFrameBytes = config.getBytes(frameSize);
            }
            String batchBytes = "flinkstream.network.remote-batch-bytes";
            if (config.hasPath(batchBytes)) {
                long bytes = config.getBytes(batchBytes);
                if (bytes < 1) {
                    throw new com.typesafe.config.ConfigException.BadValue(config.origin(), batchBytes,
                            "must be at least 1 byte (e.g. 64 KiB), was " + bytes);
                }
                traffic.remoteBatchBytes = bytes;
            }
            return traffic;
        }

        @Override
        public Id lookup() {
            return INSTANCE;
        }
    }
}
