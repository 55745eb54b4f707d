package io.flinkstream.runtime.task;

import akka.actor.typed.ActorRef;
import io.flinkstream.runtime.WireMessage;
import io.flinkstream.runtime.network.frames.Frame;

/**
 * What a subtask tells its job master, on the {@code ActorRef<SubtaskReport>} its {@link SubtaskActor.Deploy} names (the
 * master's message adapter). The subtask knows nothing of the master's own protocol.
 */
public sealed interface SubtaskReport extends WireMessage {
    int vertex();

    int subtask();

    int attempt();

    /**
     * The subtask is ready for attempt {@code attempt}: {@code ref} takes its commands, {@code frames} the data plane
     * frames of its channels.
     */
    record Deployed(int vertex, int subtask, int attempt, ActorRef<SubtaskActor.Command> ref,
                    ActorRef<Frame> frames) implements SubtaskReport {
    }

    /**
     * The subtask is stopping without having reported itself deployed: it failed to load its state, or was told to
     * stop while loading it. The master watches it, so the attempt counts as stopped as soon as it is gone.
     */
    record StoppingUndeployed(int vertex, int subtask, int attempt, ActorRef<SubtaskActor.Command> ref)
            implements SubtaskReport {
    }

    /** The subtask processed all its input and closed its operators. */
    record Finished(int vertex, int subtask, int attempt, TaskMetrics metrics) implements SubtaskReport {
    }

    /** The subtask failed in {@code operator}; {@code cause} describes the exception, and survives the wire. */
    record Failed(int vertex, int subtask, int attempt, String operator, FailureCause cause)
            implements SubtaskReport {
    }

    /** The subtask's periodic counters. */
    record MetricsReported(int vertex, int subtask, int attempt, TaskMetrics metrics) implements SubtaskReport {
    }
}
