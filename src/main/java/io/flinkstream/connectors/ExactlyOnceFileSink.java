package io.flinkstream.connectors;

import io.flinkstream.api.TwoPhaseCommitSinkFunction;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes every record as one line ({@code String.valueOf(record)}) into files of a directory, exactly once across
 * failures when checkpointing is on. Each subtask writes its current transaction into
 * {@code dir/.in-progress/<subtask>-<uuid>.part}; at a checkpoint the file is flushed, fsynced and closed, and once the
 * checkpoint is complete it is renamed atomically to {@code dir/part-<subtask>-<sequence>-<uuid>.txt}. Readers that
 * list {@code part-*.txt} only ever see complete, committed files. A transaction without records writes no file.
 *
 * <pre>{@code
 * env.enableCheckpointing(1000);
 * env.fromSequence(0, 999).addSink(new ExactlyOnceFileSink<>("/data/out"));
 * }</pre>
 *
 * <p>Without checkpointing, files are committed only at the end of a bounded input. In-progress files of
 * transactions that were pre-committed for a checkpoint that never completed stay in {@code .in-progress}; they are
 * never committed (their records are written again after the restore).
 *
 * @param <T> record type
 */
public final class ExactlyOnceFileSink<T> extends TwoPhaseCommitSinkFunction<T, ExactlyOnceFileSink.FileTransaction,
        Void> {
    private static final long serialVersionUID = 1L;
    /** The directory under the output directory holding files not committed yet. */
    public static final String IN_PROGRESS_DIR = ".in-progress";

    private final String directory;
    private transient long nextSequence;
    private transient BufferedWriter writer;
    private transient FileChannel channel;

    /**
     * One file transaction: where it is written, where it goes on commit, and how many records it holds (final once
     * pre-committed).
     */
    public static final class FileTransaction implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String inProgressFile;
        private final String committedFile;
        private long records;

        FileTransaction(String inProgressFile, String committedFile) {
            this.inProgressFile = inProgressFile;
            this.committedFile = committedFile;
        }

        /** The file records are written to before the commit. */
        public String inProgressFile() {
            return inProgressFile;
        }

        /** The file the commit renames it to. */
        public String committedFile() {
            return committedFile;
        }

        /** Records written so far. */
        public long records() {
            return records;
        }

        @Override
        public String toString() {
            return "FileTransaction[" + inProgressFile + " -> " + committedFile + ", " + records + " records]";
        }
    }

    /** @param directory the output directory; created when missing */
    public ExactlyOnceFileSink(String directory) {
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("ExactlyOnceFileSink needs an output directory");
        }
        this.directory = directory;
    }

    @Override
    protected FileTransaction beginTransaction() throws IOException {
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        Path dir = Paths.get(directory);
        Files.createDirectories(dir.resolve(IN_PROGRESS_DIR));
        String id = UUID.randomUUID().toString();
        return new FileTransaction(dir.resolve(IN_PROGRESS_DIR).resolve(subtask + "-" + id + ".part").toString(),
                dir.resolve("part-" + subtask + "-" + (nextSequence++) + "-" + id + ".txt").toString());
    }

    @Override
    protected void invoke(FileTransaction transaction, T value, Context context) throws IOException {
        if (writer == null) {
            // The file is created with the first record, so empty transactions leave nothing behind.
            channel = FileChannel.open(Paths.get(transaction.inProgressFile), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            writer = new BufferedWriter(new java.io.OutputStreamWriter(
                    java.nio.channels.Channels.newOutputStream(channel), StandardCharsets.UTF_8), 64 * 1024);
        }
        writer.write(String.valueOf(value));
        writer.write('\n');
        transaction.records++;
    }

    @Override
    protected void preCommit(FileTransaction transaction) throws IOException {
        if (writer == null) {
            return;
        }
        try {
            writer.flush();
            channel.force(true);
        } finally {
            closeWriter();
        }
    }

    @Override
    protected void commit(FileTransaction transaction) throws IOException {
        Path source = Paths.get(transaction.inProgressFile);
        Path target = Paths.get(transaction.committedFile);
        if (Files.exists(source)) {
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("Cannot commit " + transaction + ": the file system cannot rename atomically", e);
            }
            fsyncDirectory(target.getParent());
        } else if (!Files.exists(target) && transaction.records > 0) {
            throw new IOException("Cannot commit " + transaction + ": neither the in-progress file nor the committed "
                    + "file exists");
        }
        // Source gone and target there: committed before (a commit repeated after a restore). No records: no file.
    }

    @Override
    protected void abort(FileTransaction transaction) throws IOException {
        closeWriterQuietly();
        Files.deleteIfExists(Paths.get(transaction.inProgressFile));
    }

    @Override
    protected void recoverAndCommit(FileTransaction transaction) throws IOException {
        commit(transaction);
        nextSequence = Math.max(nextSequence, sequenceOf(transaction) + 1);
    }

    @Override
    protected void recoverAndAbort(FileTransaction transaction) throws IOException {
        abort(transaction);
        nextSequence = Math.max(nextSequence, sequenceOf(transaction) + 1);
    }

    /** Files of a restored run continue the numbering, so part files sort in the order they were written. */
    private static long sequenceOf(FileTransaction transaction) {
        String[] parts = Paths.get(transaction.committedFile).getFileName().toString().split("-");
        try {
            return Long.parseLong(parts[2]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void closeWriter() throws IOException {
        BufferedWriter w = writer;
        writer = null;
        channel = null;
        if (w != null) {
            w.close();
        }
    }

    private void closeWriterQuietly() {
        try {
            closeWriter();
        } catch (IOException | UncheckedIOException e) {
            // The transaction is being discarded; its file is deleted next.
        }
    }

    private static void fsyncDirectory(Path dir) {
        // Makes the rename durable where the platform allows opening a directory; best effort elsewhere.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not supported on every platform (e.g. Windows): the rename itself is still atomic.
        }
    }
}
