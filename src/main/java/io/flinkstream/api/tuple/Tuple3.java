package io.flinkstream.api.tuple;

import java.util.Objects;

/**
 * A tuple with 3 fields, {@code f0} to {@code f2}.
 *
 * @param <T0> the type of field 0
 * @param <T1> the type of field 1
 * @param <T2> the type of field 2
 */
// Class-wide because javac reports copy()'s unchecked override of Tuple's generic copy() on the class.
@SuppressWarnings("unchecked")
public class Tuple3<T0, T1, T2> extends Tuple {

    private static final long serialVersionUID = 1L;

    /** Field 0 of the tuple. */
    public T0 f0;

    /** Field 1 of the tuple. */
    public T1 f1;

    /** Field 2 of the tuple. */
    public T2 f2;

    /** Creates a tuple with all fields null. */
    public Tuple3() {}

    /** Creates a tuple with the given fields. */
    public Tuple3(T0 f0, T1 f1, T2 f2) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
    }

    /** Creates a tuple with the given fields, inferring its type parameters. */
    public static <T0, T1, T2> Tuple3<T0, T1, T2> of(T0 f0, T1 f1, T2 f2) {
        return new Tuple3<>(f0, f1, f2);
    }

    /** Returns 3. */
    @Override
    public int getArity() {
        return 3;
    }

    @Override
    public <T> T getField(int pos) {
        return switch (pos) {
            case 0 -> (T) this.f0;
            case 1 -> (T) this.f1;
            case 2 -> (T) this.f2;
            default -> throw new IndexOutOfBoundsException(badPosition(pos, 3));
        };
    }

    @Override
    public <T> void setField(T value, int pos) {
        switch (pos) {
            case 0 -> this.f0 = (T0) value;
            case 1 -> this.f1 = (T1) value;
            case 2 -> this.f2 = (T2) value;
            default -> throw new IndexOutOfBoundsException(badPosition(pos, 3));
        }
    }

    /** Sets all fields at once. */
    public void setFields(T0 f0, T1 f1, T2 f2) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
    }

    /** Returns a shallow copy: a new tuple whose fields refer to the same objects as this one's. */
    @Override
    public Tuple3<T0, T1, T2> copy() {
        return new Tuple3<>(this.f0, this.f1, this.f2);
    }

    /**
     * Returns the fields in parentheses, separated by commas without spaces, e.g. {@code (1,4)}; arrays are
     * shown by their elements and null fields as {@code null}.
     */
    @Override
    public String toString() {
        return "(" + fieldToString(this.f0) + "," + fieldToString(this.f1) + "," + fieldToString(this.f2) + ")";
    }

    /** Returns true if {@code o} is a {@code Tuple3} whose fields are all equal to this one's. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tuple3)) {
            return false;
        }
        @SuppressWarnings("rawtypes")
        Tuple3 that = (Tuple3) o;
        return Objects.equals(this.f0, that.f0) && Objects.equals(this.f1, that.f1) && Objects.equals(this.f2, that.f2);
    }

    /** Combines the fields' hash codes as Flink does, so a tuple hashes to the same value in both. */
    @Override
    public int hashCode() {
        int result = f0 != null ? f0.hashCode() : 0;
        result = 31 * result + (f1 != null ? f1.hashCode() : 0);
        result = 31 * result + (f2 != null ? f2.hashCode() : 0);
        return result;
    }
}
