package io.flinkstream.api;

import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of exactly-once sinks that write into transactions of an external system and make them visible only once
 * the checkpoint covering their records is complete (two-phase commit with the checkpoint as coordinator).
 *
 * <ul>
 *   <li>A transaction is open from the start; every record goes into the open one.</li>
 *   <li>At checkpoint {@code n} ({@link #snapshotState}) the open transaction is pre-committed (flushed, made
 *   ready to commit), stored as pending for {@code n} in operator state, and a new one begins.</li>
 *   <li>When checkpoint {@code n} is complete ({@link #notifyCheckpointComplete}) every pending transaction of a
 *   checkpoint up to {@code n} is committed, oldest first.</li>
 *   <li>On restore every pending transaction stored in the checkpoint is committed with
 *   {@link #recoverAndCommit} — the checkpoint is complete, but the notification may have been lost, so commits
 *   must be idempotent — and the transaction that was open is aborted with {@link #recoverAndAbort}: its records
 *   are replayed from the restored source positions.</li>
 *   <li>At the end of a bounded input ({@link #finish()}), when the job takes checkpoints, the open transaction
 *   stays open: the job's final checkpoint, taken after every operator finished, pre-commits it, and its
 *   completion commits it like any other, before the job ends. If anything fails before that, the job restarts
 *   from an earlier checkpoint and the transaction is aborted, so no record is written twice. Without
 *   checkpointing there is no checkpoint to wait for: the pending transactions and the open one are committed at
 *   {@code finish()}.</li>
 *   <li>Closing without finishing (failure, cancellation) aborts the open transaction.</li>
 * </ul>
 *
 * <p>Transactions (and the user context) are stored with Java serialization, so they must be
 * {@link Serializable}. Subclasses that override {@link #close()} must call {@code super.close()}.
 *
 * <pre>{@code
 * class MySink extends TwoPhaseCommitSinkFunction<String, MyTxn, Void> {
 *     protected MyTxn beginTransaction() { return new MyTxn(...); }
 *     protected void invoke(MyTxn txn, String value, Context ctx) { txn.write(value); }
 *     protected void preCommit(MyTxn txn) { txn.flush(); }
 *     protected void commit(MyTxn txn) { txn.publish(); }   // idempotent
 *     protected void abort(MyTxn txn) { txn.discard(); }
 * }
 * }</pre>
 *
 * @param <IN> record type
 * @param <TXN> transaction type; must be {@link Serializable}
 * @param <CONTEXT> type of the optional user context stored with the transactions; must be {@link Serializable}
 */
public abstract class TwoPhaseCommitSinkFunction<IN, TXN, CONTEXT> extends RichSinkFunction<IN>
        implements CheckpointedFunction, CheckpointListener {
    private static final String STATE_NAME = "two-phase-commit-state";

    private transient ListState<StoredState> state;
    private transient TXN current;
    private transient List<Pending> pending;
    private transient CONTEXT userContext;
    private transient boolean finished;

    /** A pre-committed transaction waiting for the completion of checkpoint {@code checkpointId}. */
    private record Pending(long checkpointId, Object transaction) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What one subtask stores: the open transaction, the pending ones oldest first, and the user context. */
    private record StoredState(Object current, List<Pending> pending, Object userContext) implements Serializable {
        private static final long serialVersionUID = 1L;

        StoredState {
            pending = new ArrayList<>(pending);
        }
    }

    /** Starts a new transaction. */
    protected abstract TXN beginTransaction() throws Exception;

    /** Writes one record into {@code transaction}. */
    protected abstract void invoke(TXN transaction, IN value, Context context) throws Exception;

    /** Prepares {@code transaction} for commit: after this, committing it must not fail for its content. */
    protected abstract void preCommit(TXN transaction) throws Exception;

    /** Makes a pre-committed transaction visible. Must be idempotent: it may be called again after a restore. */
    protected abstract void commit(TXN transaction) throws Exception;

    /** Discards a transaction. */
    protected abstract void abort(TXN transaction) throws Exception;

    /** Commits a pending transaction found in the restored state; by default {@link #commit}. */
    protected void recoverAndCommit(TXN transaction) throws Exception {
        commit(transaction);
    }

    /** Aborts the transaction that was open when the restored checkpoint was taken; by default {@link #abort}. */
    protected void recoverAndAbort(TXN transaction) throws Exception {
        abort(transaction);
    }

    /** Creates the user context on a fresh start; none by default. */
    protected CONTEXT initializeUserContext() {
        return null;
    }

    /** The user context, restored or created by {@link #initializeUserContext()}; may be null. */
    protected CONTEXT getUserContext() {
        return userContext;
    }

    /** The open transaction; null once the sink has finished. */
    protected TXN currentTransaction() {
        return current;
    }

    @Override
    public final void invoke(IN value, Context context) throws Exception {
        if (current == null) {
            throw new IllegalStateException("No open transaction: the sink has finished or was not initialized");
        }
        invoke(current, value, context);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void initializeState(FunctionInitializationContext context) throws Exception {
        state = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>(STATE_NAME, StoredState.class));
        pending = new ArrayList<>();
        userContext = null;
        boolean contextRestored = false;
        if (context.isRestored()) {
            for (StoredState stored : state.get()) {
                for (Pending p : stored.pending()) {
                    recoverAndCommit((TXN) p.transaction());
                }
                if (stored.current() != null) {
                    recoverAndAbort((TXN) stored.current());
                }
                if (!contextRestored && stored.userContext() != null) {
                    userContext = (CONTEXT) stored.userContext();
                    contextRestored = true;
                }
            }
        }
        if (!contextRestored) {
            userContext = initializeUserContext();
        }
        state.clear();
        finished = false;
        current = begin();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        if (current != null) {
            preCommit(current);
            pending.add(new Pending(context.getCheckpointId(), current));
            current = finished ? null : begin();
        }
        state.update(List.of(new StoredState(current, pending, userContext)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        while (!pending.isEmpty() && pending.get(0).checkpointId() <= checkpointId) {
            commit((TXN) pending.get(0).transaction());
            pending.remove(0);
        }
    }

    /**
     * Checkpoint {@code checkpointId} was aborted. The transaction pre-committed for it stays pending: the next
     * checkpoint that completes covers its records too (it stores every pending transaction), and its completion
     * commits it, oldest first, as in Flink. Subclasses may override to act on the abort; nothing is committed or
     * aborted here.
     */
    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
    }

    /**
     * End of a bounded input. With checkpointing, the final checkpoint pre-commits the open transaction and its
     * completion commits it, so nothing begins after it. Without, it is pre-committed and committed now, after every
     * pending one, since no checkpoint will follow to do it.
     */
    @Override
    @SuppressWarnings("unchecked")
    public void finish() throws Exception {
        finished = true;
        if (current == null || getRuntimeContext().isCheckpointingEnabled()) {
            return;
        }
        TXN last = current;
        current = null;
        preCommit(last);
        for (Pending p : pending) {
            commit((TXN) p.transaction());
        }
        pending.clear();
        commit(last);
    }

    /** Aborts the open transaction when the sink stops without finishing. */
    @Override
    public void close() throws Exception {
        if (current != null) {
            TXN open = current;
            current = null;
            abort(open);
        }
    }

    private TXN begin() throws Exception {
        TXN txn = beginTransaction();
        if (!(txn instanceof Serializable)) {
            throw new IllegalStateException("Transaction " + (txn == null ? "null" : "of " + txn.getClass().getName())
                    + " is not Serializable: transactions are kept in operator state");
        }
        return txn;
    }
}
