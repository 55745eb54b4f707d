package io.flinkstream.checkpoint;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The attempt numbers a job's functions have run in, recorded from {@code open()} into a static map under a
 * test-unique id, since every subtask runs its own deserialized copy of a function. An attempt above 0 proves the
 * job restarted.
 *
 * <pre>{@code
 * String log = AttemptLog.newLog();
 * ... in a rich function's open(): AttemptLog.record(log, getRuntimeContext().getTaskInfo().getAttemptNumber());
 * assertTrue(AttemptLog.maxAttempt(log) > 0);
 * }</pre>
 */
final class AttemptLog {
    private static final Map<String, Set<Integer>> ATTEMPTS = new ConcurrentHashMap<>();

    private AttemptLog() {
    }

    /** A new, empty log; its id goes into the functions. */
    static String newLog() {
        String id = UUID.randomUUID().toString();
        ATTEMPTS.put(id, new ConcurrentSkipListSet<>());
        return id;
    }

    static void record(String log, int attempt) {
        Set<Integer> attempts = ATTEMPTS.get(log);
        if (attempts != null) {
            attempts.add(attempt);
        }
    }

    /** The attempts seen so far. */
    static Set<Integer> attempts(String log) {
        return Set.copyOf(ATTEMPTS.getOrDefault(log, Set.of()));
    }

    /** The highest attempt seen, or -1 if none. */
    static int maxAttempt(String log) {
        return attempts(log).stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    static void forget(String log) {
        ATTEMPTS.remove(log);
    }
}
