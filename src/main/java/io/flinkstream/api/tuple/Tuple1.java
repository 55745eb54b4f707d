package io.flinkstream.api.tuple;

import java.util.Objects;

/**
 * A tuple with one field, {@code f0}.
 *
 * @param <T0> the type of field 0
 */
// Class-wide because javac reports copy()'s unchecked override of Tuple's generic copy() on the class.
@SuppressWarnings("unchecked")
public class Tuple1<T0> extends Tuple {

    private static final long serialVersionUID = 1L;

    /** Field 0 of the tuple. */
    public T0 f0;

    /** Creates a tuple with all fields null. */
    public Tuple1() {}

    /** Creates a tuple with the given fields. */
    public Tuple1(T0 f0) {
        this.f0 = f0;
    }

    /** Creates a tuple with the given fields, inferring its type parameters. */
    public static <T0> Tuple1<T0> of(T0 f0) {
        return new Tuple1<>(f0);
    }

    /** Returns 1. */
    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public <T> T getField(int pos) {
        return switch (pos) {
            case 0 -> (T) this.f0;
            default -> throw new IndexOutOfBoundsException(badPosition(pos, 1));
        };
    }

    @Override
    public <T> void setField(T value, int pos) {
        switch (pos) {
            case 0 -> this.f0 = (T0) value;
            default -> throw new IndexOutOfBoundsException(badPosition(pos, 1));
        }
    }

    /** Sets all fields at once. */
    public void setFields(T0 f0) {
        this.f0 = f0;
    }

    /** Returns a shallow copy: a new tuple whose fields refer to the same objects as this one's. */
    @Override
    public Tuple1<T0> copy() {
        return new Tuple1<>(this.f0);
    }

    /**
     * Returns the fields in parentheses, separated by commas without spaces, e.g. {@code (1,4)}; arrays are
     * shown by their elements and null fields as {@code null}.
     */
    @Override
    public String toString() {
        return "(" + fieldToString(this.f0) + ")";
    }

    /** Returns true if {@code o} is a {@code Tuple1} whose fields are all equal to this one's. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tuple1)) {
            return false;
        }
        @SuppressWarnings("rawtypes")
        Tuple1 that = (Tuple1) o;
        return Objects.equals(this.f0, that.f0);
    }

    /** Combines the fields' hash codes as Flink does, so a tuple hashes to the same value in both. */
    @Override
    public int hashCode() {
        int result = f0 != null ? f0.hashCode() : 0;
        return result;
    }
}
