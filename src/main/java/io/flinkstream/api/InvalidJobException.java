package io.flinkstream.api;

/**
 * The job cannot run as defined: thrown by {@code execute} before anything runs, with a message that names the
 * operator and says what to change.
 */
public class InvalidJobException extends IllegalArgumentException {
    public InvalidJobException(String message) {
        super(message);
    }
}
