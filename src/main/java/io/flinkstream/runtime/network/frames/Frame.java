package io.flinkstream.runtime.network.frames;

/**
 * A message of the data plane between two subtasks: what flows down a channel ({@link ChannelFrame}: record batches
 * and the events among them) and the credit that flows back up. Frames know nothing of the actors that carry them: a
 * subtask receives them on an {@code ActorRef<Frame>} (a message adapter of its actor), and between JVMs Akka writes
 * them with {@link FrameSerializer}.
 */
public sealed interface Frame permits ChannelFrame, Credit {
    /** The attempt of the job the frame belongs to; a subtask drops frames of other attempts. */
    int attempt();
}
