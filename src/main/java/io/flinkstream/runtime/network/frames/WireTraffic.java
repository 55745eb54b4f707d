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

    private static final class Id extends AbstractExtensionId<WireTraffic> implements ExtensionIdProvider {
        static final Id INSTANCE = new Id();

        @Override
        public WireTraffic createExtension(ExtendedActorSystem system) {
            return new WireTraffic();
        }

        @Override
        public Id lookup() {
            return INSTANCE;
        }
    }
}
