package io.flinkstream.checkpoint;

import java.util.Map;
import java.util.TreeMap;

/**
 * The checkpoint ids a {@link SnapshotStore} has discarded, so that a blob or metadata write still landing for one
 * of them is refused and its bytes deleted: a discard never races a write, whatever order they finish in. Kept as
 * disjoint ranges of ids, so a job that takes thousands of checkpoints (discarded nearly in order, a few retained
 * ones between them) holds a handful of ranges, not one entry per checkpoint.
 *
 * <pre>{@code
 * DiscardedCheckpoints discarded = new DiscardedCheckpoints();
 * discarded.add(1); discarded.add(2); discarded.add(4);   // ranges [1, 2] and [4, 4]
 * discarded.contains(2);                                    // true
 * }</pre>
 *
 * <p>Thread-safe: stores call it from several blocking threads at once.
 */
public final class DiscardedCheckpoints {
    /** Range start to range end, both inclusive; ranges never touch or overlap. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    /** Remembers that {@code checkpointId} was discarded. */
    public synchronized void add(long checkpointId) {
        if (contains(checkpointId)) {
            return;
        }
        long start = checkpointId;
        long end = checkpointId;
        Map.Entry<Long, Long> before = ranges.floorEntry(checkpointId - 1);
        if (before != null && before.getValue() == checkpointId - 1) {
            start = before.getKey();
            ranges.remove(before.getKey());
        }
        Long after = ranges.get(checkpointId + 1);
        if (after != null) {
            end = after;
            ranges.remove(checkpointId + 1);
        }
        ranges.put(start, end);
    }

    /** Whether {@code checkpointId} was discarded. */
    public synchronized boolean contains(long checkpointId) {
        Map.Entry<Long, Long> range = ranges.floorEntry(checkpointId);
        return range != null && range.getValue() >= checkpointId;
    }

    /** How many disjoint ranges are held: what this costs in memory. */
    public synchronized int rangeCount() {
        return ranges.size();
    }

    @Override
    public synchronized String toString() {
        StringBuilder text = new StringBuilder("DiscardedCheckpoints");
        ranges.forEach((start, end) -> text.append(" [").append(start).append(", ").append(end).append(']'));
        return text.toString();
    }
}
