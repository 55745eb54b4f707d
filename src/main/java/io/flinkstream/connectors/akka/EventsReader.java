package io.flinkstream.connectors.akka;

import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import akka.persistence.query.javadsl.CurrentEventsByTagQuery;
import akka.persistence.query.javadsl.EventsByPersistenceIdQuery;
import akka.persistence.query.javadsl.EventsByTagQuery;
import akka.persistence.query.javadsl.ReadJournal;
import akka.stream.KillSwitches;
import akka.stream.Materializer;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Keep;
import akka.stream.typed.javadsl.ActorSink;
import io.flinkstream.api.actor.TaskActorAware;
import io.flinkstream.api.actor.TaskActorContext;
import io.flinkstream.api.source.InputStatus;
import io.flinkstream.api.source.ReaderOutput;
import io.flinkstream.api.source.SourceReader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reader of one {@link EventsSource} subtask: one query stream per split, each feeding the subtask through a
 * receiver (acknowledged batches, so at most one batch per split waits here), emitted in turn without blocking.
 * The position of a split advances only as its events are emitted, so a checkpoint stores exactly where to resume.
 */
final class EventsReader<E> implements SourceReader<PersistedEvent<E>, EventsSource.Split>, TaskActorAware {
    /** Events emitted per call before the next split's turn. */
    private static final int EMIT_PER_POLL = 64;

    private final String readJournalPluginId;
    private final Class<E> eventType;
    private final boolean bounded;
    private final int maxBatch;
    private final Map<Integer, SplitStream> streams = new LinkedHashMap<>();
    private TaskActorContext actors;
    private ActorRef<Signal> receiver;
    private ReadJournal journal;
    private int nextStreamId;
    private Throwable failure;

    EventsReader(String readJournalPluginId, Class<E> eventType, boolean bounded, int maxBatch) {
        this.readJournalPluginId = readJournalPluginId;
        this.eventType = eventType;
        this.bounded = bounded;
        this.maxBatch = maxBatch;
    }

    /** What a query's stream sends the reader. */
    sealed interface Signal {
        /** The split's stream this comes from. */
        int stream();
    }

    private record Started(int stream, ActorRef<StreamAck> ackTo) implements Signal {
    }

    private record Batch(int stream, List<EventEnvelope> events, ActorRef<StreamAck> ackTo) implements Signal {
    }

    private record Completed(int stream) implements Signal {
    }

    private record Failed(int stream, Throwable error) implements Signal {
    }

    enum StreamAck { INSTANCE }

    /** One split: its position, the batch waiting to be emitted, and the running query. */
    private static final class SplitStream {
        EventsSource.Split position;
        final ArrayDeque<EventEnvelope> buffer = new ArrayDeque<>();
        ActorRef<StreamAck> pendingAck;
        UniqueKillSwitch killSwitch;
        boolean completed;

        SplitStream(EventsSource.Split position) {
            this.position = position;
        }
    }

    @Override
    public void setTaskActorContext(TaskActorContext context) {
        this.actors = context;
        this.receiver = context.receiver(Signal.class, this::onSignal);
    }

    @Override
    public void addSplits(List<EventsSource.Split> splits) {
        if (actors == null) {
            throw new IllegalStateException("EventsSource runs only inside a job on a FlinkStream node");
        }
        for (EventsSource.Split split : splits) {
            int id = nextStreamId++;
            SplitStream stream = new SplitStream(split);
            streams.put(id, stream);
            stream.killSwitch = start(id, split);
        }
    }

    private UniqueKillSwitch start(int id, EventsSource.Split split) {
        akka.stream.javadsl.Source<EventEnvelope, NotUsed> events = query(split);
        return events
                .<List<EventEnvelope>>batch(maxBatch, first -> {
                    List<EventEnvelope> batch = new ArrayList<>();
                    batch.add(first);
                    return batch;
                }, (batch, next) -> {
                    batch.add(next);
                    return batch;
                })
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(ActorSink.<List<EventEnvelope>, Signal, StreamAck>actorRefWithBackpressure(receiver,
                        (ackTo, batch) -> new Batch(id, batch, ackTo), ackTo -> new Started(id, ackTo),
                        StreamAck.INSTANCE, new Completed(id), error -> new Failed(id, error)), Keep.left())
                .run(Materializer.matFromSystem(actors.system()));
    }

    private akka.stream.javadsl.Source<EventEnvelope, NotUsed> query(EventsSource.Split split) {
        ReadJournal readJournal = journal();
        String key = split.key();
        if (split.query() == EventsSource.Query.EVENTS_BY_TAG) {
            if (bounded) {
                return as(readJournal, CurrentEventsByTagQuery.class, split).currentEventsByTag(key, split.offset().toOffset());
            }
            return as(readJournal, EventsByTagQuery.class, split).eventsByTag(key, split.offset().toOffset());
        }
        if (bounded) {
            return as(readJournal, CurrentEventsByPersistenceIdQuery.class, split)
                    .currentEventsByPersistenceId(key, split.nextSequenceNr(), Long.MAX_VALUE);
        }
        return as(readJournal, EventsByPersistenceIdQuery.class, split)
                .eventsByPersistenceId(key, split.nextSequenceNr(), Long.MAX_VALUE);
    }

    private ReadJournal journal() {
        if (journal == null) {
            try {
                journal = PersistenceQuery.get(actors.system().classicSystem())
                        .getReadJournalFor(ReadJournal.class, readJournalPluginId);
            } catch (RuntimeException e) {
                throw new IllegalStateException("EventsSource of " + actors.describe() + ": the read journal '"
                        + readJournalPluginId + "' cannot be used in the actor system '" + actors.system().name()
                        + "' (is the plugin configured under that id, e.g. jdbc-read-journal?): " + e, e);
            }
        }
        return journal;
    }

    private <Q> Q as(ReadJournal readJournal, Class<Q> queryType, EventsSource.Split split) {
        if (!queryType.isInstance(readJournal)) {
            throw new IllegalStateException("EventsSource of " + actors.describe() + " cannot run "
                    + split.describe() + ": the read journal '" + readJournalPluginId + "' ("
                    + readJournal.getClass().getName() + ") does not implement " + queryType.getSimpleName());
        }
        return queryType.cast(readJournal);
    }

    private void onSignal(Signal signal) {
        if (signal instanceof Started started) {
            started.ackTo().tell(StreamAck.INSTANCE);
            return;
        }
        SplitStream stream = streams.get(signal.stream());
        if (stream == null) {
            return;
        }
        if (signal instanceof Batch batch) {
            stream.buffer.addAll(batch.events());
            stream.pendingAck = batch.ackTo();
        } else if (signal instanceof Completed) {
            stream.completed = true;
        } else if (signal instanceof Failed failed && failure == null) {
            failure = new IllegalStateException("The query " + stream.position.describe() + " of read journal '"
                    + readJournalPluginId + "' failed in " + actors.describe() + ": " + failed.error(),
                    failed.error());
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<PersistedEvent<E>> output) {
        if (failure != null) {
            throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
        }
        boolean more = false;
        boolean allEnded = true;
        for (SplitStream stream : streams.values()) {
            for (int i = 0; i < EMIT_PER_POLL && !stream.buffer.isEmpty(); i++) {
                emit(stream, stream.buffer.pollFirst(), output);
            }
            if (stream.buffer.isEmpty() && stream.pendingAck != null) {
                stream.pendingAck.tell(StreamAck.INSTANCE);
                stream.pendingAck = null;
            }
            more |= !stream.buffer.isEmpty();
            allEnded &= stream.completed && stream.buffer.isEmpty();
        }
        if (more) {
            return InputStatus.MORE_AVAILABLE;
        }
        return bounded && allEnded ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }

    private void emit(SplitStream stream, EventEnvelope envelope, ReaderOutput<PersistedEvent<E>> output) {
        Object event = envelope.event();
        if (!eventType.isInstance(event)) {
            throw new IllegalStateException("EventsSource of " + actors.describe() + ": " + stream.position.describe()
                    + " read event " + envelope.sequenceNr() + " of '" + envelope.persistenceId() + "', a "
                    + (event == null ? "null" : event.getClass().getName()) + ", where it expects "
                    + eventType.getName() + " (EventsSource.byTag(..., eventType, ...))");
        }
        EventsSource.Split at = stream.position;
        stream.position = at.query() == EventsSource.Query.EVENTS_BY_TAG
                ? new EventsSource.Split(at.query(), at.key(), EventsSource.Position.of(envelope.offset()),
                        at.nextSequenceNr())
                : new EventsSource.Split(at.query(), at.key(), at.offset(), envelope.sequenceNr() + 1);
        output.collect(new PersistedEvent<>(envelope.persistenceId(), envelope.sequenceNr(), envelope.timestamp(),
                eventType.cast(event)));
    }

    @Override
    public List<EventsSource.Split> snapshotState(long checkpointId) {
        List<EventsSource.Split> positions = new ArrayList<>();
        for (SplitStream stream : streams.values()) {
            positions.add(stream.position);
        }
        return positions;
    }

    @Override
    public void close() {
        for (SplitStream stream : streams.values()) {
            if (stream.killSwitch != null) {
                stream.killSwitch.shutdown();
            }
        }
        streams.clear();
    }
}
