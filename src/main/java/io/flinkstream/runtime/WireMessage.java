package io.flinkstream.runtime;

/**
 * Marks messages that may cross a JVM: Akka serializes them with Jackson CBOR (bound in {@code reference.conf}).
 * Java serialization stays disabled on the wire. Record batches are not wire messages yet: inside one JVM they are
 * handed over by reference, or as the bytes of {@code runtime.network.SerializedRecordBatch} in the
 * serialize-local-batches test mode.
 */
public interface WireMessage {
}
