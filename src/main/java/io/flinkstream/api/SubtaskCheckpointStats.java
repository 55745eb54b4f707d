package io.flinkstream.api;

import io.flinkstream.runtime.WireMessage;

/**
 * One subtask's part of a checkpoint.
 *
 * @param syncNanos the synchronous capture, during which the subtask processed nothing else
 * @param asyncNanos serialization and writing, while the subtask kept processing
 * @param alignmentNanos how long input channels were blocked waiting for all barriers (exactly-once)
 * @param stateBytes bytes written
 */
public record SubtaskCheckpointStats(long syncNanos, long asyncNanos, long alignmentNanos, long stateBytes)
        implements WireMessage {
}
