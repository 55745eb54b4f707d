package io.flinkstream.api.tuple;

import java.util.Objects;

/**
 * A tuple with 10 fields, {@code f0} to {@code f9}.
 *
 * @param <T0> the type of field 0
 * @param <T1> the type of field 1
 * @param <T2> the type of field 2
 * @param <T3> the type of field 3
 * @param <T4> the type of field 4
 * @param <T5> the type of field 5
 * @param <T6> the type of field 6
 * @param <T7> the type of field 7
 * @param <T8> the type of field 8
 * @param <T9> the type of field 9
 */
// Class-wide because javac reports copy()'s unchecked override of Tuple's generic copy() on the class.
@SuppressWarnings("unchecked")
public class Tuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9> extends Tuple {

    private static final long serialVersionUID = 1L;

    /** Field 0 of the tuple. */
    public T0 f0;

    /** Field 1 of the tuple. */
    public T1 f1;

    /** Field 2 of the tuple. */
    public T2 f2;

    /** Field 3 of the tuple. */
    public T3 f3;

    /** Field 4 of the tuple. */
    public T4 f4;

    /** Field 5 of the tuple. */
    public T5 f5;

    /** Field 6 of the tuple. */
    public T6 f6;

    /** Field 7 of the tuple. */
    public T7 f7;

    /** Field 8 of the tuple. */
    public T8 f8;

    /** Field 9 of the tuple. */
    public T9 f9;

    /** Creates a tuple with all fields null. */
    public Tuple10() {}

    /** Creates a tuple with the given fields. */
    public Tuple10(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4, T5 f5, T6 f6, T7 f7, T8 f8, T9 f9) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
        this.f3 = f3;
        this.f4 = f4;
        this.f5 = f5;
        this.f6 = f6;
        this.f7 = f7;
        this.f8 = f8;
        this.f9 = f9;
    }

    /** Creates a tuple with the given fields, inferring its type parameters. */
    public static <T0, T1, T2, T3, T4, T5, T6, T7, T8, T9> Tuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9> of(T0 f0,
            T1 f1, T2 f2, T3 f3, T4 f4, T5 f5, T6 f6, T7 f7, T8 f8, T9 f9) {
        return new Tuple10<>(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9);
    }

    /** Returns 10. */
    @Override
    public int getArity() {
        return 10;
    }

    @Override
    public <T> T getField(int pos) {
        return switch (pos) {
            case 0 -> (T) this.f0;
            case 1 -> (T) this.f1;
            case 2 -> (T) this.f2;
            case 3 -> (T) this.f3;
            case 4 -> (T) this.f4;
            case 5 -> (T) this.f5;
            case 6 -> (T) this.f6;
            case 7 -> (T) this.f7;
            case 8 -> (T) this.f8;
            case 9 -> (T) this.f9;
            default -> throw new IndexOutOfBoundsException(badPosition(pos, 10));
        };
    }

    @Override
    public <T> void setField(T value, int pos) {
        switch (pos) {
            case 0 -> this.f0 = (T0) value;
            case 1 -> this.f1 = (T1) value;
            case 2 -> this.f2 = (T2) value;
            case 3 -> this.f3 = (T3) value;
            case 4 -> this.f4 = (T4) value;
            case 5 -> this.f5 = (T5) value;
            case 6 -> this.f6 = (T6) value;
            case 7 -> this.f7 = (T7) value;
            case 8 -> this.f8 = (T8) value;
            case 9 -> this.f9 = (T9) value;
            default -> throw new IndexOutOfBoundsException(badPosition(pos, 10));
        }
    }

    /** Sets all fields at once. */
    public void setFields(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4, T5 f5, T6 f6, T7 f7, T8 f8, T9 f9) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
        this.f3 = f3;
        this.f4 = f4;
        this.f5 = f5;
        this.f6 = f6;
        this.f7 = f7;
        this.f8 = f8;
        this.f9 = f9;
    }

    /** Returns a shallow copy: a new tuple whose fields refer to the same objects as this one's. */
    @Override
    public Tuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9> copy() {
        return new Tuple10<>(this.f0, this.f1, this.f2, this.f3, this.f4, this.f5, this.f6, this.f7, this.f8, this.f9);
    }

    /**
     * Returns the fields in parentheses, separated by commas without spaces, e.g. {@code (1,4)}; arrays are
     * shown by their elements and null fields as {@code null}.
     */
    @Override
    public String toString() {
        return "(" + fieldToString(this.f0) + "," + fieldToString(this.f1) + "," + fieldToString(this.f2) + ","
                + fieldToString(this.f3) + "," + fieldToString(this.f4) + "," + fieldToString(this.f5) + ","
                + fieldToString(this.f6) + "," + fieldToString(this.f7) + "," + fieldToString(this.f8) + ","
                + fieldToString(this.f9) + ")";
    }

    /** Returns true if {@code o} is a {@code Tuple10} whose fields are all equal to this one's. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tuple10)) {
            return false;
        }
        @SuppressWarnings("rawtypes")
        Tuple10 that = (Tuple10) o;
        return Objects.equals(this.f0, that.f0)
                && Objects.equals(this.f1, that.f1)
                && Objects.equals(this.f2, that.f2)
                && Objects.equals(this.f3, that.f3)
                && Objects.equals(this.f4, that.f4)
                && Objects.equals(this.f5, that.f5)
                && Objects.equals(this.f6, that.f6)
                && Objects.equals(this.f7, that.f7)
                && Objects.equals(this.f8, that.f8)
                && Objects.equals(this.f9, that.f9);
    }

    /** Combines the fields' hash codes as Flink does, so a tuple hashes to the same value in both. */
    @Override
    public int hashCode() {
        int result = f0 != null ? f0.hashCode() : 0;
        result = 31 * result + (f1 != null ? f1.hashCode() : 0);
        result = 31 * result + (f2 != null ? f2.hashCode() : 0);
        result = 31 * result + (f3 != null ? f3.hashCode() : 0);
        result = 31 * result + (f4 != null ? f4.hashCode() : 0);
        result = 31 * result + (f5 != null ? f5.hashCode() : 0);
        result = 31 * result + (f6 != null ? f6.hashCode() : 0);
        result = 31 * result + (f7 != null ? f7.hashCode() : 0);
        result = 31 * result + (f8 != null ? f8.hashCode() : 0);
        result = 31 * result + (f9 != null ? f9.hashCode() : 0);
        return result;
    }
}
