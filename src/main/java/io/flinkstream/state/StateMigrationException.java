package io.flinkstream.state;

import io.flinkstream.api.SuppressRestartsException;

/**
 * Stored state that the job's new types cannot read: the restore is refused, and since every restart would refuse it
 * again, the job fails without restarting. The message names the state, the operator and both types.
 */
public final class StateMigrationException extends SuppressRestartsException {
    private static final long serialVersionUID = 1L;

    public StateMigrationException(String message) {
        super(message, null);
    }
}
