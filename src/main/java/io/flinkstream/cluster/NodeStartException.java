package io.flinkstream.cluster;

/**
 * A node could not start: its configuration names something that is not there (a lib folder, a jar, a seed node
 * that does not answer, a port in use). The message names the thing, the setting to check and what to do next.
 */
public final class NodeStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, where, and what to do next */
    public NodeStartException(String message) {
        super(message);
    }

    /** @param message what was wrong, where, and what to do next; {@code cause} the underlying error */
    public NodeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
