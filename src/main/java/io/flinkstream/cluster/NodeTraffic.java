package io.flinkstream.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import io.flinkstream.runtime.WireMessage;
import io.flinkstream.runtime.network.frames.WireTraffic;
import io.flinkstream.runtime.task.SubtaskActor;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * Answers what this node sent and received on the data plane and what it cost ({@link WireTraffic}), with the
 * process's CPU and collector time and the subtasks of a job this node hosts: the figures a benchmark of a cluster
 * adds up over its nodes. Runs on every cluster node at {@code /system/}{@value #NAME}; a client asks it with
 * {@code ClusterClient.traffic(node, jobId)}. Counters only grow: take the difference of two reports.
 */
public final class NodeTraffic {
    /** The actor's name under {@code /system}. */
    public static final String NAME = "flinkstream-traffic";

    private static final Duration SHARDS_TIMEOUT = Duration.ofSeconds(5);

    private NodeTraffic() {
    }

    /** What the actor answers. */
    public interface Command {
    }

    /** Asks for the node's counters, and the subtasks of job {@code jobId} it hosts (none when null). */
    public record GetTraffic(String jobId, ActorRef<TrafficReport> replyTo) implements Command, WireMessage {
    }

    /**
     * One node's counters since it started.
     *
     * @param node the node's address
     * @param batchBytesSent bytes of record batches sent to other nodes
     * @param batchesSent record batches sent to other nodes
     * @param eventBytesSent bytes of barriers, ends and credits sent to other nodes
     * @param bytesReceived bytes of data-plane frames received from other nodes
     * @param serializeNanos time subtasks spent serializing batches' records
     * @param deserializeNanos time subtasks spent deserializing batches' records
     * @param frameNanos time remoting spent writing and reading batch frames (header and copy)
     * @param cpuNanos CPU time of the node's process, all threads
     * @param gcMillis time the node's collectors reported
     * @param subtasks the entity ids ({@code job/vertex/subtask}) of the job's subtasks hosted here, while the job
     *     runs and after its end
     */
    public record TrafficReport(String node, long batchBytesSent, long batchesSent, long eventBytesSent,
                                long bytesReceived, long serializeNanos, long deserializeNanos, long frameNanos,
                                long cpuNanos, long gcMillis, List<String> subtasks) implements WireMessage {
        public TrafficReport {
            subtasks = List.copyOf(subtasks);
        }
    }

    private record ShardsListed(GetTraffic request, List<String> subtasks) implements Command {
    }

    /** The actor a node runs. */
    public static Behavior<Command> create() {
        return Behaviors.setup(context -> Behaviors.receive(Command.class)
                .onMessage(GetTraffic.class, get -> onGet(context, get))
                .onMessage(ShardsListed.class, listed -> {
                    listed.request().replyTo().tell(report(context, listed.subtasks()));
                    return Behaviors.same();
                })
                .build());
    }

    private static Behavior<Command> onGet(ActorContext<Command> context, GetTraffic get) {
        if (get.jobId() == null) {
            get.replyTo().tell(report(context, List.of()));
            return Behaviors.same();
        }
        String prefix = get.jobId() + "/";
        context.ask(ShardRegion.CurrentShardRegionState.class, ClusterSharding.get(context.getSystem()).shardState(),
                SHARDS_TIMEOUT, replyTo -> new GetShardRegionState(SubtaskActor.TYPE_KEY, replyTo),
                (state, failure) -> new ShardsListed(get, state == null ? List.of() : state.getShards().stream()
                        .map(ShardRegion.ShardState::shardId).filter(id -> id.startsWith(prefix)).sorted().toList()));
        return Behaviors.same();
    }

    private static TrafficReport report(ActorContext<Command> context, List<String> subtasks) {
        WireTraffic traffic = WireTraffic.get(context.getSystem());
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
        return new TrafficReport(context.getSystem().address().toString(), traffic.batchBytesSent(),
                traffic.batchesSent(), traffic.eventBytesSent(), traffic.bytesReceived(), traffic.serializeNanos(),
                traffic.deserializeNanos(), traffic.frameWriteNanos() + traffic.frameReadNanos(), cpu, gc, subtasks);
    }
}
