package io.flinkstream.samples.orders;

import java.io.Serializable;

/**
 * What the job computes per customer after each of its orders: the running total.
 *
 * @param customer the customer
 * @param orders how many orders so far
 * @param totalCents their sum
 */
public record CustomerTotal(String customer, long orders, long totalCents) implements Serializable {
}
