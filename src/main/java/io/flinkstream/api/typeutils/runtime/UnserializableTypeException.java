package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.SuppressRestartsException;
import io.flinkstream.api.typeutils.TypeSerializer;

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

    /**
     * A value whose serializer is for another type: the stream's or state's declared type (from {@code returns(...)},
     * a {@code TypeHint}, a descriptor or the function's signature) does not match what the code produces.
     */
    public static UnserializableTypeException mismatch(Class<?> valueClass, TypeSerializer<?> serializer,
                                                       ClassCastException cause) {
        return new UnserializableTypeException("A value of " + valueClass.getName() + " does not match the type "
                + "declared for it (its serializer, " + serializer.getClass().getSimpleName() + ", failed with "
                + cause.getMessage() + "). The type comes from returns(...), a TypeHint or TypeInformation given to "
                + "the operator or state descriptor, or the function's generic signature: make it match the values "
                + "the code produces", valueClass.getName(), cause);
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
