package io.flinkstream.connectors.akka;

/**
 * One event read from a journal by {@link EventsSource}: the event object as the service's serializers read it back,
 * and where it comes from.
 *
 * @param persistenceId the persistent actor that wrote it
 * @param sequenceNr its sequence number in that actor's events
 * @param timestamp when it was written, in milliseconds since the epoch (as the journal recorded it)
 * @param event the event
 * @param <E> event type
 */
public record PersistedEvent<E>(String persistenceId, long sequenceNr, long timestamp, E event) {
}
