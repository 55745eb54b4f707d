package io.flinkstream.samples.orders;

/** Marker of the service's messages and events: serialized with Jackson CBOR (binding in the service's config). */
public interface OrdersMessage {
}
