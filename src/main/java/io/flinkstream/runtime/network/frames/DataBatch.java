package io.flinkstream.runtime.network.frames;

/** Records on one channel: each batch takes one credit of its channel, by reference or serialized alike. */
public sealed interface DataBatch extends ChannelFrame permits RecordBatch, SerializedBatch {
}
