package io.flinkstream.connectors.akka;

import akka.persistence.query.NoOffset;
import akka.persistence.query.Offset;
import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;
import io.flinkstream.api.typeinfo.TypeInformation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of an Akka Persistence journal, read through Akka Persistence Query: by tag ({@code eventsByTag}) or by
 * persistence id ({@code eventsByPersistenceId}), live (the job runs on as new events are written) or bounded (the
 * {@code current…} queries: the events stored when the query starts, then the source ends).
 *
 * <p>Each tag or persistence id is a split, spread over the source's subtasks; its position is the offset (by tag)
 * or the next sequence number (by persistence id) of the next event to emit, stored with every checkpoint. After a
 * failure the job resumes each query right after the last event its restored checkpoint covers, so together with
 * an exactly-once sink every event written by the service's event-sourced actors is processed exactly once. This
 * needs a journal whose offsets are exact and ordered per tag (akka-persistence-jdbc's {@code Sequence} offsets
 * are).
 *
 * <pre>{@code
 * EventsSource<OrderEvent> orders = EventsSource.byTag("jdbc-read-journal", OrderEvent.class, "order");
 * DataStream<PersistedEvent<OrderEvent>> events = env.fromSource(orders, "orders", orders.producedType());
 * }</pre>
 *
 * <p>The query's stream runs on the node's actor system; its elements reach the subtask as messages, in batches of at
 * most {@code maxBatch} events with one batch per split buffered, and a batch is acknowledged (so the stream may
 * continue) only once the subtask has emitted it: a slow job backpressures the query. A failing query fails the job,
 * naming the query; the streams stop when the job ends, fails or restarts. The read journal plugin must be configured
 * in the actor system (e.g. {@code jdbc-read-journal}).
 *
 * @param <E> event type: each event must be an instance of it, or the job fails naming the event's class
 */
public final class EventsSource<E> implements Source<PersistedEvent<E>, EventsSource.Split> {
    private static final long serialVersionUID = 1L;

    /** Which query a split runs. */
    public enum Query { EVENTS_BY_TAG, EVENTS_BY_PERSISTENCE_ID }

    /**
     * One tag or persistence id, with the position of the next event to emit. The offset is kept as plain values,
     * not as Akka's {@code Offset} object: Akka's {@code NoOffset} is a singleton that a restored copy would not be.
     *
     * @param query which query
     * @param key the tag or the persistence id
     * @param offset (by tag) the offset of the last event emitted, exclusive: none, a sequence or a time-based UUID
     * @param nextSequenceNr (by persistence id) the sequence number of the next event to emit
     */
    public record Split(Query query, String key, Position offset, long nextSequenceNr) implements Serializable {
        /** "eventsByTag("orders")", for messages. */
        public String describe() {
            return (query == Query.EVENTS_BY_TAG ? "eventsByTag" : "eventsByPersistenceId") + "(\"" + key + "\")";
        }
    }

    /**
     * An offset of a by-tag query as plain values.
     *
     * @param sequence the {@code Sequence} offset's value, when {@code timeBasedUuid} is null; negative for none
     * @param timeBasedUuid the {@code TimeBasedUUID} offset, or null
     */
    public record Position(long sequence, String timeBasedUuid) implements Serializable {
        /** Before the first event. */
        public static final Position START = new Position(-1, null);

        /** The position of {@code offset}; fails for offset kinds FlinkStream cannot store. */
        static Position of(Offset offset) {
            if (offset instanceof akka.persistence.query.Sequence sequence) {
                return new Position(sequence.value(), null);
            }
            if (offset instanceof akka.persistence.query.TimeBasedUUID uuid) {
                return new Position(-1, uuid.value().toString());
            }
            if (offset == NoOffset.getInstance()) {
                return START;
            }
            throw new IllegalArgumentException("EventsSource can resume from Sequence and TimeBasedUUID offsets only, "
                    + "not " + offset.getClass().getName() + " (" + offset + ")");
        }

        /** The Akka offset to query from. */
        Offset toOffset() {
            if (timeBasedUuid != null) {
                return Offset.timeBasedUUID(java.util.UUID.fromString(timeBasedUuid));
            }
            return sequence < 0 ? Offset.noOffset() : Offset.sequence(sequence);
        }
    }

    private final String readJournalPluginId;
    private final Class<E> eventType;
    private final Query query;
    private final List<String> keys;
    private final boolean bounded;
    private final int maxBatch;

    private EventsSource(String readJournalPluginId, Class<E> eventType, Query query, List<String> keys,
                         boolean bounded, int maxBatch) {
        if (readJournalPluginId == null || readJournalPluginId.isBlank()) {
            throw new IllegalArgumentException("EventsSource needs the read journal plugin id, e.g. "
                    + "\"jdbc-read-journal\"");
        }
        if (eventType == null) {
            throw new NullPointerException("EventsSource needs the event type (Object.class for any event)");
        }
        if (keys.isEmpty() || keys.stream().anyMatch(k -> k == null || k.isEmpty())) {
            throw new IllegalArgumentException("EventsSource needs at least one " + (query == Query.EVENTS_BY_TAG
                    ? "tag" : "persistence id") + ", none empty; got " + keys);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("EventsSource.withMaxBatch(" + maxBatch + "): must be at least 1");
        }
        this.readJournalPluginId = readJournalPluginId;
        this.eventType = eventType;
        this.query = query;
        this.keys = List.copyOf(keys);
        this.bounded = bounded;
        this.maxBatch = maxBatch;
    }

    /** The events with any of {@code tags}, live ({@code eventsByTag}), from the start of the journal. */
    public static <E> EventsSource<E> byTag(String readJournalPluginId, Class<E> eventType, String... tags) {
        return new EventsSource<>(readJournalPluginId, eventType, Query.EVENTS_BY_TAG, List.of(tags), false, 256);
    }

    /** The events of the persistent actors {@code persistenceIds}, live ({@code eventsByPersistenceId}). */
    public static <E> EventsSource<E> byPersistenceId(String readJournalPluginId, Class<E> eventType,
                                                      String... persistenceIds) {
        return new EventsSource<>(readJournalPluginId, eventType, Query.EVENTS_BY_PERSISTENCE_ID,
                List.of(persistenceIds), false, 256);
    }

    /**
     * The same source, bounded: {@code currentEventsByTag} / {@code currentEventsByPersistenceId}, the events stored
     * when each query starts; the source ends after them.
     */
    public EventsSource<E> bounded() {
        return new EventsSource<>(readJournalPluginId, eventType, query, keys, true, maxBatch);
    }

    /** At most {@code max} events per message from the query's stream (default 256). */
    public EventsSource<E> withMaxBatch(int max) {
        return new EventsSource<>(readJournalPluginId, eventType, query, keys, bounded, max);
    }

    /** The record type, for {@code env.fromSource(source, name, source.producedType())}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public TypeInformation<PersistedEvent<E>> producedType() {
        return (TypeInformation) TypeInformation.of(PersistedEvent.class);
    }

    @Override
    public Boundedness getBoundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public List<Split> initialSplits(int subtaskIndex, int parallelism) {
        List<Split> splits = new ArrayList<>();
        for (int i = subtaskIndex; i < keys.size(); i += parallelism) {
            splits.add(new Split(query, keys.get(i), Position.START, 1));
        }
        return splits;
    }

    @Override
    public SourceReader<PersistedEvent<E>, Split> createReader(SourceReaderContext context) {
        return new EventsReader<>(readJournalPluginId, eventType, bounded, maxBatch);
    }
}
