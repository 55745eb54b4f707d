package io.flinkstream.client;

import io.flinkstream.cluster.jobs.JobManager;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A job submitted to a cluster: its id, where it stands, waiting for its end, cancelling it. Every call asks the
 * cluster afresh, so a handle keeps working while the job's master moves to another node (a request meeting the
 * move is retried until the deadline).
 */
public final class ClusterJob {
    private static final long POLL_MILLIS = 200;

    private final ClusterClient client;
    private final String jobId;

    ClusterJob(ClusterClient client, String jobId) {
        this.client = client;
        this.jobId = jobId;
    }

    /** The job's id, which names its checkpoint directory and its logs. */
    public String jobId() {
        return jobId;
    }

    /** Where the job stands now: status, attempt, newest completed checkpoint, failure. */
    public JobManager.JobStatusReply status() {
        return client.askStatus(replyTo -> new JobManager.GetJobStatus(jobId, replyTo), "asking for job " + jobId);
    }

    /** Cancels the job; returns once cancellation has begun. */
    public JobManager.JobStatusReply cancel() {
        return client.ask(replyTo -> new JobManager.CancelJob(jobId, replyTo), "cancelling job " + jobId);
    }

    /**
     * Waits until the job has ended (finished, failed or cancelled) and returns its final status, calling
     * {@code onChange} with every status seen that differs from the one before.
     *
     * @throws TimeoutException if it has not ended within {@code timeout}
     */
    public JobManager.JobStatusReply awaitTermination(Duration timeout,
                                                      java.util.function.Consumer<JobManager.JobStatusReply> onChange)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobManager.JobStatusReply last = null;
        while (true) {
            try {
                JobManager.JobStatusReply now = status();
                if (last == null || now.status() != last.status() || now.lastCheckpoint() != last.lastCheckpoint()
                        || now.attempt() != last.attempt()) {
                    onChange.accept(now);
                }
                last = now;
                if (now.status() == null || now.status().isTerminal()) {
                    return now;
                }
            } catch (JobSubmissionException e) {
                // The job manager is moving to another node: ask again until the deadline.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Job " + jobId + " did not end within " + timeout.toSeconds() + " s; "
                        + "last status " + (last == null ? "unknown" : last.status()));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Waits until the job has ended and returns its final status. */
    public JobManager.JobStatusReply awaitTermination(Duration timeout) throws TimeoutException, InterruptedException {
        return awaitTermination(timeout, status -> { });
    }
}
