package io.flinkstream.api;

/**
 * A failure that no restart can cure — a value no serializer can handle, state that cannot be restored into the job's
 * types — so the job fails at once instead of restarting in a loop, whatever its restart strategy. Flink's exception
 * of the same name. Thrown anywhere in a job (also as the cause of another exception), it stops the job.
 */
public class SuppressRestartsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SuppressRestartsException(String message, Throwable cause) {
        super(message, cause);
    }

    public SuppressRestartsException(Throwable cause) {
        super(cause == null ? null : cause.getMessage(), cause);
    }

    /** Whether {@code error} or one of its causes is a {@code SuppressRestartsException}. */
    public static boolean isIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SuppressRestartsException) {
                return true;
            }
        }
        return false;
    }
}
