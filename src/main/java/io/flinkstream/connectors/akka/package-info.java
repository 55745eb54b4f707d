/**
 * Connectors between a job and the actors of the service it runs in (see docs/embedding.md):
 * {@link io.flinkstream.connectors.akka.ActorSink} delivers records to an actor with acknowledgements and
 * backpressure, exactly-once for an actor that deduplicates by the sequence numbers it is given;
 * {@link io.flinkstream.connectors.akka.EventsSource} reads the events of a journal through Akka Persistence Query
 * (by tag or by persistence id), with the offsets as its checkpointed position. Built on the public {@code api},
 * {@code api.source} and {@code api.actor}, as a user's connector would be, and on Akka Streams and Persistence Query.
 */
package io.flinkstream.connectors.akka;
