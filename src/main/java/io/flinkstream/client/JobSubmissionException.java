package io.flinkstream.client;

/** The cluster refused a job, or did not answer a client's request; the message says which and why. */
public final class JobSubmissionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobSubmissionException(String message) {
        super(message);
    }

    public JobSubmissionException(String message, Throwable cause) {
        super(message, cause);
    }
}
