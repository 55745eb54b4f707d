package io.flinkstream.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import io.flinkstream.runtime.job.JobRegistry;

/**
 * The job registry of one actor system, made once per system as an Akka extension. The subtask entity type is
 * initialised once per system and its entities keep the registry they were initialised with, so every
 * {@link FlinkStreamNode} handle on a system — a service may attach, close and attach again — must share it.
 */
final class NodeJobs implements Extension {
    private static final Id ID = new Id();

    private final JobRegistry registry = new JobRegistry();

    static NodeJobs get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    JobRegistry registry() {
        return registry;
    }

    private static final class Id extends ExtensionId<NodeJobs> {
        @Override
        public NodeJobs createExtension(ActorSystem<?> system) {
            return new NodeJobs();
        }
    }
}
