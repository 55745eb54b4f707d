package io.flinkstream.connectors;

import io.flinkstream.api.SinkFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects a job's records into memory so the program that ran the job can read them: for tests, samples and
 * small local jobs, in the JVM that runs the job.
 *
 * <pre>{@code
 * CollectSink<Long> results = new CollectSink<>();
 * env.fromSequence(1, 10).map(v -> v * 2).addSink(results);
 * env.execute();
 * List<Long> doubled = results.results();
 * }</pre>
 *
 * <p>Every subtask's copy of the sink writes into the same in-memory buffer, found by the sink's id. Call
 * {@link #clear()} when done to free it.
 *
 * @param <T> record type
 */
public final class CollectSink<T> implements SinkFunction<T> {
    private static final Map<String, ConcurrentLinkedQueue<Object>> BUFFERS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public CollectSink() {
        BUFFERS.put(id, new ConcurrentLinkedQueue<>());
    }

    @Override
    public void invoke(T value, Context context) {
        ConcurrentLinkedQueue<Object> buffer = BUFFERS.get(id);
        if (buffer == null) {
            throw new IllegalStateException("This CollectSink was cleared, or runs in another JVM than the one "
                    + "that created it: CollectSink only works for jobs run in the creating JVM");
        }
        buffer.add(value);
    }

    /** What the sink received so far, in arrival order (per subtask order is kept; subtasks interleave). */
    @SuppressWarnings("unchecked")
    public List<T> results() {
        ConcurrentLinkedQueue<Object> buffer = BUFFERS.get(id);
        return buffer == null ? List.of() : new ArrayList<>((ConcurrentLinkedQueue<T>) (ConcurrentLinkedQueue<?>) buffer);
    }

    /** Frees the buffer; the sink cannot be used afterwards. */
    public void clear() {
        BUFFERS.remove(id);
    }
}
