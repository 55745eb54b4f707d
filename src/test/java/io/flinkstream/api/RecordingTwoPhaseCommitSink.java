package io.flinkstream.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A two-phase-commit sink that records every call ({@code begin 1}, {@code invoke 1 a}, {@code preCommit 1},
 * {@code commit 1}, {@code abort 1}, {@code recoverAndCommit 1}, ...) in a log the test owns, with transactions
 * numbered from {@code firstId}.
 */
final class RecordingTwoPhaseCommitSink extends TwoPhaseCommitSinkFunction<String, RecordingTwoPhaseCommitSink.Txn,
        Void> {
    /** A transaction: its number and the records written to it. */
    record Txn(int id, List<String> records) implements Serializable {
    }

    private final transient List<String> log;
    private int nextId;

    RecordingTwoPhaseCommitSink(List<String> log, int firstId) {
        this.log = log;
        this.nextId = firstId;
    }

    @Override
    protected Txn beginTransaction() {
        Txn txn = new Txn(nextId++, new ArrayList<>());
        log.add("begin " + txn.id());
        return txn;
    }

    @Override
    protected void invoke(Txn transaction, String value, Context context) {
        transaction.records().add(value);
        log.add("invoke " + transaction.id() + " " + value);
    }

    @Override
    protected void preCommit(Txn transaction) {
        log.add("preCommit " + transaction.id());
    }

    @Override
    protected void commit(Txn transaction) {
        log.add("commit " + transaction.id() + " " + transaction.records());
    }

    @Override
    protected void abort(Txn transaction) {
        log.add("abort " + transaction.id());
    }

    @Override
    protected void recoverAndCommit(Txn transaction) {
        log.add("recoverAndCommit " + transaction.id());
        commit(transaction);
    }

    @Override
    protected void recoverAndAbort(Txn transaction) {
        log.add("recoverAndAbort " + transaction.id());
        abort(transaction);
    }
}
