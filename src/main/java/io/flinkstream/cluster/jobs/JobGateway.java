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

    /**
     * A gateway to the job manager reached through {@code manager} (the singleton's proxy); it handles the manager's
     * notice that a job ended itself, dropping the job from {@code registry} if this node only rebuilt it.
     */
    public static Behavior<JobManager.Command> create(ActorRef<JobManager.Command> manager,
                                                      io.flinkstream.runtime.job.JobRegistry registry) {
        return Behaviors.receive(JobManager.Command.class)
                .onMessage(JobManager.ForgetJob.class, forget -> {
                    registry.forgetResolved(forget.jobId());
                    return Behaviors.same();
                })
                .onAnyMessage(request -> {
                    manager.tell(request);
                    return Behaviors.same();
                })
                .build();
    }
}
