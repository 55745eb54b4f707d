package io.flinkstream.api.tuple;

import java.util.Objects;

/**
 * A tuple with two fields, {@code f0} and {@code f1}: the usual way to carry a key with a value, or a word
 * with its count. Fields are public and mutable; {@link #of} infers the types.
 *
 * <pre>{@code
 * Tuple2<String, Long> count = Tuple2.of("clicks", 3L);
 * count.f1 += 1;                   // fields are public and mutable
 * String key = count.getField(0);  // or reached by position
 * count.toString();                // "(clicks,4)"
 * count.swap();                    // (4,clicks), a new tuple
 * }</pre>
 *
 * @param <T0> the type of field 0
 * @param <T1> the type of field 1
 */
// Class-wide because javac reports copy()'s unchecked override of Tuple's generic copy() on the class.
@SuppressWarnings("unchecked")
public class Tuple2<T0, T1> extends Tuple {

    private static final long serialVersionUID = 1L;

    /** Field 0 of the tuple. */
    public T0 f0;

    /** Field 1 of the tuple. */
    public T1 f1;

    /** Creates a tuple with all fields null. */
    public Tuple2() {}

    /** Creates a tuple with the given fields. */
    public Tuple2(T0 f0, T1 f1) {
        this.f0 = f0;
        this.f1 = f1;
    }

    /** Creates a tuple with the given fields, inferring its type parameters. */
    public static <T0, T1> Tuple2<T0, T1> of(T0 f0, T1 f1) {
        return new Tuple2<>(f0, f1);
    }

    /** Returns 2. */
    @Override
    public int getArity() {
        return 2;
    }

    @Override
    public <T> T getField(int pos) {
        return switch (pos) {
            case 0 -> (T) this.f0;
            case 1 -> (T) this.f1;
            default -> throw new IndexOutOfBoundsException(badPosition(pos, 2));
        };
    }

    @Override
    public <T> void setField(T value, int pos) {
        switch (pos) {
            case 0 -> this.f0 = (T0) value;
            case 1 -> this.f1 = (T1) value;
            default -> throw new IndexOutOfBoundsException(badPosition(pos, 2));
        }
    }

    /** Sets all fields at once. */
    public void setFields(T0 f0, T1 f1) {
        this.f0 = f0;
        this.f1 = f1;
    }

    /** Returns a shallow copy: a new tuple whose fields refer to the same objects as this one's. */
    @Override
    public Tuple2<T0, T1> copy() {
        return new Tuple2<>(this.f0, this.f1);
    }

    /** Returns a new tuple with the two fields exchanged; this tuple is unchanged. */
    public Tuple2<T1, T0> swap() {
        return new Tuple2<>(this.f1, this.f0);
    }

    /**
     * Returns the fields in parentheses, separated by commas without spaces, e.g. {@code (1,4)}; arrays are
     * shown by their elements and null fields as {@code null}.
     */
    @Override
    public String toString() {
        return "(" + fieldToString(this.f0) + "," + fieldToString(this.f1) + ")";
    }

    /** Returns true if {@code o} is a {@code Tuple2} whose fields are all equal to this one's. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tuple2)) {
            return false;
        }
        @SuppressWarnings("rawtypes")
        Tuple2 that = (Tuple2) o;
        return Objects.equals(this.f0, that.f0) && Objects.equals(this.f1, that.f1);
    }

    /** Combines the fields' hash codes as Flink does, so a tuple hashes to the same value in both. */
    @Override
    public int hashCode() {
        int result = f0 != null ? f0.hashCode() : 0;
        result = 31 * result + (f1 != null ? f1.hashCode() : 0);
        return result;
    }
}
