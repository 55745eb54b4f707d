package io.flinkstream.api;

/**
 * The consistency a checkpoint gives, as in Flink.
 *
 * <p>{@link #EXACTLY_ONCE}: a subtask with several inputs <em>aligns</em> the checkpoint barriers: once an input
 * has delivered the barrier of checkpoint {@code n}, it is not read again until every input has delivered it, so the
 * snapshot contains exactly the records before the barrier. {@link #AT_LEAST_ONCE}: no input is ever held back; the
 * snapshot is taken when the last input delivers the barrier, so after a restore some records that came after a
 * barrier on a faster input are processed again. With one input both modes behave the same.
 */
public enum CheckpointingMode {
    /** Align barriers: every record affects the restored state exactly once. */
    EXACTLY_ONCE,
    /** Do not align: lower latency under skew, but records may be replayed into the state after a restore. */
    AT_LEAST_ONCE
}
