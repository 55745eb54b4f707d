package io.flinkstream.runtime;

/**
 * Marks messages that may cross a JVM: Akka serializes them with Jackson CBOR (bound in {@code reference.conf}).
 * Java serialization stays disabled on the wire. Data-plane frames are not wire messages: they have their own
 * serializer ({@code runtime.network.frames.FrameSerializer}), and a record batch crosses a JVM only as the bytes of
 * {@code runtime.network.SerializedRecordBatch}, written by the sending subtask.
 */
public interface WireMessage {
}
