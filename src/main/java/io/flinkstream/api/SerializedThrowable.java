package io.flinkstream.api;

/**
 * An exception thrown on another node, as the job result shows it: it carries the original's class name, message,
 * stack trace and causes, without needing the original class (which may exist only in the job's class loader, or
 * not be serializable at all). {@link #toString()} reads like the original's: {@code com.example.BadRecord: at 42}.
 * A failure in a subtask on the node that runs the job master keeps the original exception instead.
 */
public final class SerializedThrowable extends Exception {
    private final String originalClassName;

    /**
     * @param originalClassName the class of the exception that was thrown
     * @param message its message, or null
     * @param stackTrace its stack trace
     * @param cause its cause, or null
     */
    public SerializedThrowable(String originalClassName, String message, StackTraceElement[] stackTrace,
                               Throwable cause) {
        super(message, cause);
        this.originalClassName = originalClassName;
        setStackTrace(stackTrace);
    }

    /** The class name of the exception that was thrown. */
    public String getOriginalClassName() {
        return originalClassName;
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }
}
