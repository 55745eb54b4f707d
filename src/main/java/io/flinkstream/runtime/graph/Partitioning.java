package io.flinkstream.runtime.graph;

/** How records of an edge are spread over the target's subtasks. */
public enum Partitioning {
    /** Subtask i sends to subtask i; chained into one actor when the parallelism is equal. */
    FORWARD,
    /** Round-robin over all target subtasks. */
    REBALANCE,
    /** By key: key, then key group, then the subtask that owns the key group. */
    HASH
}
