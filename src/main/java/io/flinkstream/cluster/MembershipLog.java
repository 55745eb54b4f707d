package io.flinkstream.cluster;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the cluster's membership as a node sees it: members up, unreachable, reachable again, removed. One line per
 * change, so an operator (and the multi-JVM tests) can follow a failover in a node's log.
 */
final class MembershipLog {
    private static final Logger LOG = LoggerFactory.getLogger(MembershipLog.class);

    private MembershipLog() {
    }

    static Behavior<ClusterEvent.ClusterDomainEvent> create() {
        return Behaviors.setup(context -> {
            Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.getSelf(),
                    ClusterEvent.ClusterDomainEvent.class));
            return Behaviors.receiveMessage(event -> {
                if (event instanceof ClusterEvent.MemberUp up) {
                    LOG.info("Member up: {} roles {}", up.member().address(), up.member().getRoles());
                } else if (event instanceof ClusterEvent.UnreachableMember unreachable) {
                    LOG.info("Member unreachable: {}", unreachable.member().address());
                } else if (event instanceof ClusterEvent.ReachableMember reachable) {
                    LOG.info("Member reachable again: {}", reachable.member().address());
                } else if (event instanceof ClusterEvent.MemberRemoved removed) {
                    LOG.info("Member removed: {} (was {})", removed.member().address(), removed.previousStatus());
                }
                return Behaviors.same();
            });
        });
    }
}
