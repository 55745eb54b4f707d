package io.flinkstream.cluster.jobs;

/**
 * A node could not rebuild a job's graph from its {@link JobSpec}: the job class is missing on the node, its
 * {@code main} failed or never called {@code execute}, or the graph it built differs from the one the job was
 * submitted with. The message names the class, the node and what to do.
 */
public final class JobPlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobPlanException(String message) {
        super(message);
    }

    public JobPlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
