package io.flinkstream.runtime.task;

/**
 * Carries an exception thrown by user code up the operator chain, tagged with the operator it came from, so the job
 * failure can name it.
 */
public final class UserCodeException extends RuntimeException {
    private final String operatorName;

    public UserCodeException(String operatorName, Throwable cause) {
        super("Operator '" + operatorName + "' failed: " + cause, cause);
        this.operatorName = operatorName;
    }

    /** The operator whose user code threw. */
    public String operatorName() {
        return operatorName;
    }
}
