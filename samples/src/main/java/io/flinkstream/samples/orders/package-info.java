/**
 * A Java service that runs Akka and embeds FlinkStream (docs/embedding.md): event-sourced customers write orders to an
 * H2 file journal; a job in the service's own actor system reads them by tag through Akka Persistence Query, keeps a
 * running total per customer, and delivers the totals exactly-once to the service's actor. Depends on the public
 * API, {@code cluster} (to attach), {@code connectors.akka}, and Akka's typed actor and persistence APIs.
 */
package io.flinkstream.samples.orders;
