package io.flinkstream.connectors;

import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.TaskInfo;
import io.flinkstream.api.TwoPhaseCommitSinkFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Without checkpointing, files are committed only at the end of a bounded input.
 *
 * <p><b>Orphaned in-progress files.</b> When the job fails, the files of the transactions begun after the checkpoint
 * it restarts from (pre-committed for a checkpoint that never completed, or open when the process died without
 * closing the sink) are referenced by no checkpoint: they can never be committed, and their records are written
 * again after the restore. So when a subtask starts again within a job run — restored from a checkpoint (after a
 * failure, or started from a retained checkpoint), or restarted after a failure with no completed checkpoint to
 * restore — it first lets the base class commit the restored pending transactions and abort the restored open one,
 * then deletes every {@code .in-progress/<subtask>-*.part} file of its own subtask index except its new open
 * transaction's: the restored checkpoint is the only truth. It logs at INFO how many files it removed; a file it
 * cannot delete is logged as a warning and left, and the job goes on. Committed {@code part-*.txt} files and other
 * subtasks' files are never touched.
 *
 * <p>The very first start of a job (attempt 0, not restored) deletes nothing: the files found there may belong to a
 * retained checkpoint of an earlier run, whose pending transactions a later restore from that checkpoint still
 * commits. Leftovers of an earlier run that will not be restored can be deleted by hand. A restart within the run
 * (attempt 1 on), or a start restored from a checkpoint, does delete them, since it cannot tell them apart from its
 * own orphans: a later restore from an earlier run's other checkpoints then fails, naming the missing file, rather
 * than committing anything twice. Because the cleanup goes by subtask index, the output directory must belong to one
 * sink of one job lineage: two sinks writing the same directory would delete each other's files.
 *
 * @param <T> record type
 */
public final class ExactlyOnceFileSink<T> extends TwoPhaseCommitSinkFunction<T, ExactlyOnceFileSink.FileTransaction,
        Void> {
    private static final long serialVersionUID = 1L;
    /** The directory under the output directory holding files not committed yet. */
    public static final String IN_PROGRESS_DIR = ".in-progress";
    private static final String IN_PROGRESS_SUFFIX = ".part";
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceFileSink.class);

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

    /**
     * Lets the base class commit the restored pending transactions and abort the restored open one, then, when this
     * subtask starts again within a job run, deletes its in-progress files that no transaction refers to (see the
     * class description).
     */
    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        super.initializeState(context);
        TaskInfo task = getRuntimeContext().getTaskInfo();
        if (context.isRestored() || task.getAttemptNumber() > 0) {
            removeOrphanedFiles(task.getIndexOfThisSubtask());
        }
    }

    @Override
    protected FileTransaction beginTransaction() throws IOException {
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        Path dir = Paths.get(directory);
        Files.createDirectories(dir.resolve(IN_PROGRESS_DIR));
        String id = UUID.randomUUID().toString();
        return new FileTransaction(dir.resolve(IN_PROGRESS_DIR).resolve(subtaskPrefix(subtask) + id
                + IN_PROGRESS_SUFFIX).toString(),
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

    /**
     * Deletes this subtask's in-progress files except the open transaction's. Right after the restore nothing else is
     * live: the restored pending transactions were committed (renamed away) and the restored open one aborted, so
     * what is left belongs to transactions no checkpoint knows. This relies on every subtask getting its own operator
     * state back at the same parallelism, as the engine does today; restoring at another parallelism would hand a
     * subtask's pending transactions to another index, and this cleanup must then be revisited.
     */
    private void removeOrphanedFiles(int subtask) {
        Path inProgress = Paths.get(directory, IN_PROGRESS_DIR);
        FileTransaction open = currentTransaction();
        String live = open == null ? null : Paths.get(open.inProgressFile).getFileName().toString();
        List<Path> orphans = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inProgress)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (isInProgressFileOf(subtask, name) && !name.equals(live) && Files.isRegularFile(file)) {
                    orphans.add(file);
                }
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Subtask {} could not list {} to remove orphaned in-progress files: {}", subtask, inProgress,
                    e.toString());
            return;
        }
        int removed = 0;
        for (Path orphan : orphans) {
            try {
                if (Files.deleteIfExists(orphan)) {
                    removed++;
                }
            } catch (IOException e) {
                LOG.warn("Subtask {} could not remove the orphaned in-progress file {}: {}", subtask, orphan,
                        e.toString());
            }
        }
        if (!orphans.isEmpty()) {
            LOG.info("Subtask {} removed {} of {} orphaned in-progress file(s) (transactions no checkpoint refers to) "
                    + "from {}", subtask, removed, orphans.size(), inProgress);
        }
    }

    /**
     * The subtask index followed by a dash: unambiguous, since an index has no dash ({@code "1-"} is not a prefix of
     * {@code "10-..."}).
     */
    private static String subtaskPrefix(int subtask) {
        return subtask + "-";
    }

    private static boolean isInProgressFileOf(int subtask, String fileName) {
        return fileName.startsWith(subtaskPrefix(subtask)) && fileName.endsWith(IN_PROGRESS_SUFFIX);
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
