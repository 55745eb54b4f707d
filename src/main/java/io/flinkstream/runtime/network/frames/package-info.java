/**
 * The frames of the data plane: record batches (by reference inside a JVM, serialized between JVMs), checkpoint
 * barriers and cancellation barriers, end of data and end of partition, which travel in order on a channel, and the
 * credits that flow back. Watermarks will be one more {@code ChannelEvent}. Also their Akka serializer and the node's
 * counters of bytes on the wire. Knows nothing of the actors that carry the frames: depends on {@code runtime.network}
 * (the batch format) and Akka's serialization and extension API only.
 */
package io.flinkstream.runtime.network.frames;
