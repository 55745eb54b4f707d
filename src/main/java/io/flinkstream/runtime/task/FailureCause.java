package io.flinkstream.runtime.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.flinkstream.api.SerializedThrowable;
import io.flinkstream.api.SuppressRestartsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Why a subtask failed, as a value that crosses JVMs: the exception's class name, message, stack trace and chain of
 * causes. On the node it was made on it also keeps the exception itself, so a job whose master runs there reports
 * the user's own exception; elsewhere {@link #toThrowable()} rebuilds it as a {@link SerializedThrowable}. Whether
 * the failure forbids restarts (a {@link SuppressRestartsException} in its chain) survives the wire too. Equality is
 * by the description only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class FailureCause {
    /** Causes kept at most: a longer chain is cut (the exception is still named by the first ones). */
    static final int MAX_CAUSES = 16;
    /** Stack frames kept at most per exception. */
    static final int MAX_FRAMES = 256;

    /** One line of a stack trace. */
    public record Frame(String declaringClass, String method, String file, int line) {
        static Frame of(StackTraceElement element) {
            return new Frame(element.getClassName(), element.getMethodName(), element.getFileName(),
                    element.getLineNumber());
        }

        StackTraceElement toElement() {
            return new StackTraceElement(declaringClass, method, file, line);
        }
    }

    private final String className;
    private final String message;
    private final List<Frame> stackTrace;
    private final FailureCause cause;
    private final boolean suppressesRestarts;
    @JsonIgnore
    private final transient Throwable original;

    @JsonCreator
    public FailureCause(@JsonProperty("className") String className, @JsonProperty("message") String message,
                        @JsonProperty("stackTrace") List<Frame> stackTrace,
                        @JsonProperty("cause") FailureCause cause,
                        @JsonProperty("suppressesRestarts") boolean suppressesRestarts) {
        this(className, message, stackTrace, cause, suppressesRestarts, null);
    }

    private FailureCause(String className, String message, List<Frame> stackTrace, FailureCause cause,
                         boolean suppressesRestarts, Throwable original) {
        this.className = Objects.requireNonNull(className, "className");
        this.message = message;
        this.stackTrace = stackTrace == null ? List.of() : List.copyOf(stackTrace);
        this.cause = cause;
        this.suppressesRestarts = suppressesRestarts;
        this.original = original;
    }

    /** Describes {@code error} and its causes, and keeps it for the local node. */
    public static FailureCause of(Throwable error) {
        return describe(error, 0);
    }

    private static FailureCause describe(Throwable error, int depth) {
        if (error == null || depth == MAX_CAUSES) {
            return null;
        }
        StackTraceElement[] trace = error.getStackTrace();
        List<Frame> frames = new ArrayList<>(Math.min(trace.length, MAX_FRAMES));
        for (int i = 0; i < trace.length && i < MAX_FRAMES; i++) {
            frames.add(Frame.of(trace[i]));
        }
        Throwable next = error.getCause() == error ? null : error.getCause();
        String className = error instanceof SerializedThrowable s ? s.getOriginalClassName()
                : error.getClass().getName();
        return new FailureCause(className, error.getMessage(), frames, describe(next, depth + 1),
                SuppressRestartsException.isIn(error), error);
    }

    /**
     * The exception itself on the node it was thrown on; else a {@link SerializedThrowable} that reads alike, inside a
     * {@link SuppressRestartsException} with the same message when the original forbade restarts.
     */
    public Throwable toThrowable() {
        if (original != null) {
            return original;
        }
        Throwable copy = copy();
        return suppressesRestarts ? new SuppressRestartsException(message, copy) : copy;
    }

    private Throwable copy() {
        return new SerializedThrowable(className, message,
                stackTrace.stream().map(Frame::toElement).toArray(StackTraceElement[]::new),
                cause == null ? null : cause.copy());
    }

    @JsonProperty("className")
    public String className() {
        return className;
    }

    @JsonProperty("message")
    public String message() {
        return message;
    }

    @JsonProperty("stackTrace")
    public List<Frame> stackTrace() {
        return stackTrace;
    }

    @JsonProperty("cause")
    public FailureCause cause() {
        return cause;
    }

    /** Whether the exception or one of its causes forbids restarts. */
    @JsonProperty("suppressesRestarts")
    public boolean suppressesRestarts() {
        return suppressesRestarts;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FailureCause that && className.equals(that.className)
                && Objects.equals(message, that.message) && stackTrace.equals(that.stackTrace)
                && Objects.equals(cause, that.cause) && suppressesRestarts == that.suppressesRestarts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(className, message, stackTrace, cause);
    }

    @Override
    public String toString() {
        return message == null ? className : className + ": " + message;
    }
}
