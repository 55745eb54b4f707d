package io.flinkstream.api;

/**
 * Implemented by a user function that keeps <em>operator state</em>: state per subtask rather than per key, such as
 * a count of what a subtask has seen or the transactions of a sink. The runtime calls
 * {@link #initializeState(FunctionInitializationContext)} once per subtask attempt, before {@code open}, and
 * {@link #snapshotState(FunctionSnapshotContext)} at every checkpoint, before the checkpoint's barrier goes on.
 *
 * <pre>{@code
 * class CountingMap extends RichMapFunction<Long, Long> implements CheckpointedFunction {
 *     private transient ListState<Long> stored;
 *     private long count;
 *
 *     public void initializeState(FunctionInitializationContext context) throws Exception {
 *         stored = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Long.class));
 *         for (Long c : stored.get()) { count += c; }
 *     }
 *
 *     public void snapshotState(FunctionSnapshotContext context) throws Exception {
 *         stored.update(List.of(count));
 *     }
 *
 *     public Long map(Long value) { count++; return value; }
 * }
 * }</pre>
 */
public interface CheckpointedFunction {
    /**
     * Checkpoint {@code context.getCheckpointId()} is being taken: write what must survive a failure into the
     * operator state obtained in {@link #initializeState}. Called on the subtask's thread, between two records;
     * what the lists hold when this returns is what the checkpoint stores.
     */
    void snapshotState(FunctionSnapshotContext context) throws Exception;

    /**
     * Called once per subtask attempt before {@code open}: obtain operator state here. After a restore
     * ({@link FunctionInitializationContext#isRestored()}) the lists hold what the checkpoint stored; on a fresh
     * start they are empty.
     */
    void initializeState(FunctionInitializationContext context) throws Exception;
}
