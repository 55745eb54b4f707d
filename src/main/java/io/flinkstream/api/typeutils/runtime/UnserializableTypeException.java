package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.SuppressRestartsException;

/**
 * A value that no serializer can handle. Deterministic — the same value fails the same way after a restart — so it
 * fails the job without restarts. The runtime adds where the value was ({@link #in(String)}): the state or edge and
 * the operator.
 */
public final class UnserializableTypeException extends SuppressRestartsException {
    private static final long serialVersionUID = 1L;

    private final String valueClass;

    /** @param problem what went wrong with the value, e.g. "could not be serialized by Kryo: ..." */
    public UnserializableTypeException(Class<?> valueClass, String problem, Throwable cause) {
        super("A value of " + valueClass.getName() + " " + problem + ". Make the class a POJO (public no-argument "
                + "constructor, public fields or getters and setters) or a record, or keep such objects out of "
                + "records and state (mark the field transient)", cause);
        this.valueClass = valueClass.getName();
    }

    private UnserializableTypeException(String message, String valueClass, Throwable cause) {
        super(message, cause);
        this.valueClass = valueClass;
    }

    /** The class of the value. */
    public String valueClass() {
        return valueClass;
    }

    /** The same failure, its message starting with where it happened: "state 'count' of operator 'Map'". */
    public UnserializableTypeException in(String where) {
        return new UnserializableTypeException("In " + where + ": " + getMessage(), valueClass, getCause());
    }
}
