package io.flinkstream.api.tuple;

/**
 * A tuple with no fields. All instances are equal; use {@link #INSTANCE} rather than creating new ones.
 * Deserializing a {@code Tuple0} yields {@link #INSTANCE}.
 */
// Class-wide because javac reports copy()'s unchecked override of Tuple's generic copy() on the class.
@SuppressWarnings("unchecked")
public class Tuple0 extends Tuple {

    private static final long serialVersionUID = 1L;

    /** The shared empty tuple. */
    public static final Tuple0 INSTANCE = new Tuple0();

    /** Creates an empty tuple; prefer {@link #INSTANCE}. */
    public Tuple0() {}

    /** Returns 0. */
    @Override
    public int getArity() {
        return 0;
    }

    /** Always throws: a {@code Tuple0} has no fields. */
    @Override
    public <T> T getField(int pos) {
        throw new IndexOutOfBoundsException(badPosition(pos, 0));
    }

    /** Always throws: a {@code Tuple0} has no fields. */
    @Override
    public <T> void setField(T value, int pos) {
        throw new IndexOutOfBoundsException(badPosition(pos, 0));
    }

    /** Returns a new empty tuple, equal to this one. */
    @Override
    public Tuple0 copy() {
        return new Tuple0();
    }

    /** Returns {@code "()"}. */
    @Override
    public String toString() {
        return "()";
    }

    /** Returns true for any {@code Tuple0}. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Tuple0;
    }

    /** Returns 0, the same for every {@code Tuple0}. */
    @Override
    public int hashCode() {
        return 0;
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
