package io.flinkstream.types;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A switch shared by every copy of a job's functions, found again by its id (each subtask runs its own
 * deserialized copy of a function). {@link FailAfterCheckpointMap} arms it once a checkpoint holding records
 * completed; {@link HeldRangeSource} holds its readers half-way until it is armed. Together they put exactly one
 * failure mid-run, after a checkpoint with state in it, without any timing.
 */
final class FailureSwitch {
    private static final Map<String, AtomicBoolean> SWITCHES = new ConcurrentHashMap<>();

    private FailureSwitch() {
    }

    /** A new, unarmed switch. */
    static String create() {
        String id = UUID.randomUUID().toString();
        SWITCHES.put(id, new AtomicBoolean());
        return id;
    }

    static void arm(String id) {
        AtomicBoolean armed = SWITCHES.get(id);
        if (armed != null) {
            armed.set(true);
        }
    }

    /** Whether the switch was armed; an unknown (forgotten) switch counts as armed, so nothing waits for ever. */
    static boolean armed(String id) {
        AtomicBoolean armed = SWITCHES.get(id);
        return armed == null || armed.get();
    }

    static void forget(String id) {
        SWITCHES.remove(id);
    }
}
