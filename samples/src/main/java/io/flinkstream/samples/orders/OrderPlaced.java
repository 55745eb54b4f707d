package io.flinkstream.samples.orders;

import java.io.Serializable;

/**
 * The event a {@link Customer} persists for every order: what the FlinkStream job reads from the journal.
 *
 * @param orderId the order's id
 * @param customer who placed it
 * @param amountCents its amount
 */
public record OrderPlaced(String orderId, String customer, long amountCents) implements OrdersMessage, Serializable {
}
