package io.flinkstream.api;

/** The job ended because it was cancelled. */
public class JobCancellationException extends JobExecutionException {
    public JobCancellationException(String jobId, String message) {
        super(jobId, message, null);
    }
}
