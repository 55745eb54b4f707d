package io.flinkstream.api;

/**
 * The job failed. The message names the job and the operator and subtask that failed; the cause is the exception
 * thrown there.
 */
public class JobExecutionException extends Exception {
    private final String jobId;

    public JobExecutionException(String jobId, String message, Throwable cause) {
        super(message, cause);
        this.jobId = jobId;
    }

    /** The failed job's id. */
    public String getJobID() {
        return jobId;
    }
}
