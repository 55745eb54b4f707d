package io.flinkstream.runtime.task;

import io.flinkstream.api.SubtaskCheckpointStats;
import io.flinkstream.checkpoint.StateHandle;
import io.flinkstream.runtime.WireMessage;

import java.util.List;

/**
 * What a subtask tells the checkpoint coordinator of its attempt, on the {@code ActorRef<CheckpointReport>} that
 * {@link SubtaskActor.Start} and {@link SubtaskActor.TriggerCheckpoint} name (the coordinator's message adapter).
 */
public sealed interface CheckpointReport extends WireMessage {
    int vertex();

    int subtask();

    int attempt();

    /** The subtask has written its part of checkpoint {@code checkpointId}: where, and what it cost. */
    record Acknowledged(int vertex, int subtask, int attempt, long checkpointId, List<StateHandle> handles,
                        SubtaskCheckpointStats stats) implements CheckpointReport {
        public Acknowledged {
            handles = List.copyOf(handles);
        }
    }

    /** The subtask could not take or write its part of checkpoint {@code checkpointId}. */
    record Declined(int vertex, int subtask, int attempt, long checkpointId, String reason)
            implements CheckpointReport {
    }

    /**
     * A source subtask has read all its input, run its operators' {@code finish()} and sent the end of its data
     * downstream; once every source has, the final checkpoint is triggered at once.
     */
    record SourceDataEnded(int vertex, int subtask, int attempt) implements CheckpointReport {
    }
}
