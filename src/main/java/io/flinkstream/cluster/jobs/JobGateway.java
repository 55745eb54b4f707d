package io.flinkstream.cluster.jobs;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

/**
 * The address clients send job requests to on every cluster node ({@code /system/}{@value #NAME}): it hands each to
 * the job manager singleton, wherever it runs. A client needs only one node's host and port.
 */
public final class JobGateway {
    /** The gateway's actor name under {@code /system}. */
    public static final String NAME = "flinkstream-jobs";

    private JobGateway() {
    }

    /** A gateway to the job manager reached through {@code manager} (the singleton's proxy). */
    public static Behavior<JobManager.Command> create(ActorRef<JobManager.Command> manager) {
        return Behaviors.receive(JobManager.Command.class)
                .onAnyMessage(request -> {
                    manager.tell(request);
                    return Behaviors.same();
                })
                .build();
    }
}
