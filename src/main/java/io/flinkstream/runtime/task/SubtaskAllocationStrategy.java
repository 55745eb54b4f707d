package io.flinkstream.runtime.task;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.actor.Address;
import akka.cluster.Cluster;
import akka.cluster.sharding.ShardCoordinator;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Cluster Sharding's allocation of subtask shards (one shard per subtask): a new subtask goes where
 * {@link SubtaskPlacement} says, spreading each job over the nodes that host subtasks; and nothing is ever
 * rebalanced, since moving a running subtask would lose its in-flight records and state. A subtask moves only when
 * its node leaves the cluster: its next attempt's {@code Deploy} allocates it anew.
 *
 * <p>The coordinator asks for the homes of a job's subtasks in a burst, and records each answer only after
 * answering the others: so the strategy counts the homes it chose that the coordinator's state does not show yet,
 * or a whole job would land on the one node that looked emptiest. It is called by the shard coordinator actor only.
 */
final class SubtaskAllocationStrategy extends ShardCoordinator.AbstractShardAllocationStrategy
        implements ShardCoordinator.ActorSystemDependentAllocationStrategy {
    private volatile Address selfAddress;
    /** Homes chosen but not yet in the coordinator's state, by shard. */
    private final Map<String, ActorRef> chosen = new HashMap<>();

    @Override
    public void start(ActorSystem system) {
        selfAddress = Cluster.get(system).selfAddress();
    }

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
                                          Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
        Map<ActorRef, Collection<String>> shards = new HashMap<>();
        java.util.Set<String> recorded = new java.util.HashSet<>();
        currentShardAllocations.forEach((region, held) -> {
            List<String> all = new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(held));
            recorded.addAll(all);
            shards.put(region, all);
        });
        chosen.keySet().removeAll(recorded);
        chosen.entrySet().removeIf(e -> !shards.containsKey(e.getValue()));
        chosen.forEach((shard, region) -> shards.get(region).add(shard));
        ActorRef home = SubtaskPlacement.choose(shardId, shards, this::address);
        chosen.put(shardId, home);
        return Future.successful(home);
    }

    private String address(ActorRef region) {
        Address own = selfAddress;
        return own == null ? region.path().toString() : region.path().toStringWithAddress(own);
    }

    @Override
    public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> currentShardAllocations,
                                         Set<String> rebalanceInProgress) {
        return Future.successful(Set.of());
    }
}
