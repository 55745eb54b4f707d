package io.flinkstream.api.tuple;

import java.util.Objects;

/**
 * A tuple with 19 fields, {@code f0} to {@code f18}.
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
 * @param <T10> the type of field 10
 * @param <T11> the type of field 11
 * @param <T12> the type of field 12
 * @param <T13> the type of field 13
 * @param <T14> the type of field 14
 * @param <T15> the type of field 15
 * @param <T16> the type of field 16
 * @param <T17> the type of field 17
 * @param <T18> the type of field 18
 */
// Class-wide because javac reports copy()'s unchecked override of Tuple's generic copy() on the class.
@SuppressWarnings("unchecked")
public class Tuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17,
        T18> extends Tuple {

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

    /** Field 10 of the tuple. */
    public T10 f10;

    /** Field 11 of the tuple. */
    public T11 f11;

    /** Field 12 of the tuple. */
    public T12 f12;

    /** Field 13 of the tuple. */
    public T13 f13;

    /** Field 14 of the tuple. */
    public T14 f14;

    /** Field 15 of the tuple. */
    public T15 f15;

    /** Field 16 of the tuple. */
    public T16 f16;

    /** Field 17 of the tuple. */
    public T17 f17;

    /** Field 18 of the tuple. */
    public T18 f18;

    /** Creates a tuple with all fields null. */
    public Tuple19() {}

    /** Creates a tuple with the given fields. */
    public Tuple19(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4, T5 f5, T6 f6, T7 f7, T8 f8, T9 f9, T10 f10, T11 f11, T12 f12,
            T13 f13, T14 f14, T15 f15, T16 f16, T17 f17, T18 f18) {
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
        this.f10 = f10;
        this.f11 = f11;
        this.f12 = f12;
        this.f13 = f13;
        this.f14 = f14;
        this.f15 = f15;
        this.f16 = f16;
        this.f17 = f17;
        this.f18 = f18;
    }

    /** Creates a tuple with the given fields, inferring its type parameters. */
    public static <T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> Tuple19<T0, T1,
            T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> of(T0 f0, T1 f1, T2 f2, T3 f3,
            T4 f4, T5 f5, T6 f6, T7 f7, T8 f8, T9 f9, T10 f10, T11 f11, T12 f12, T13 f13, T14 f14, T15 f15, T16 f16,
            T17 f17, T18 f18) {
        return new Tuple19<>(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18);
    }

    /** Returns 19. */
    @Override
    public int getArity() {
        return 19;
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
            case 10 -> (T) this.f10;
            case 11 -> (T) this.f11;
            case 12 -> (T) this.f12;
            case 13 -> (T) this.f13;
            case 14 -> (T) this.f14;
            case 15 -> (T) this.f15;
            case 16 -> (T) this.f16;
            case 17 -> (T) this.f17;
            case 18 -> (T) this.f18;
            default -> throw new IndexOutOfBoundsException(badPosition(pos, 19));
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
            case 10 -> this.f10 = (T10) value;
            case 11 -> this.f11 = (T11) value;
            case 12 -> this.f12 = (T12) value;
            case 13 -> this.f13 = (T13) value;
            case 14 -> this.f14 = (T14) value;
            case 15 -> this.f15 = (T15) value;
            case 16 -> this.f16 = (T16) value;
            case 17 -> this.f17 = (T17) value;
            case 18 -> this.f18 = (T18) value;
            default -> throw new IndexOutOfBoundsException(badPosition(pos, 19));
        }
    }

    /** Sets all fields at once. */
    public void setFields(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4, T5 f5, T6 f6, T7 f7, T8 f8, T9 f9, T10 f10, T11 f11,
            T12 f12, T13 f13, T14 f14, T15 f15, T16 f16, T17 f17, T18 f18) {
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
        this.f10 = f10;
        this.f11 = f11;
        this.f12 = f12;
        this.f13 = f13;
        this.f14 = f14;
        this.f15 = f15;
        this.f16 = f16;
        this.f17 = f17;
        this.f18 = f18;
    }

    /** Returns a shallow copy: a new tuple whose fields refer to the same objects as this one's. */
    @Override
    public Tuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> copy() {
        return new Tuple19<>(this.f0, this.f1, this.f2, this.f3, this.f4, this.f5, this.f6, this.f7, this.f8, this.f9,
                this.f10, this.f11, this.f12, this.f13, this.f14, this.f15, this.f16, this.f17, this.f18);
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
                + fieldToString(this.f9) + "," + fieldToString(this.f10) + "," + fieldToString(this.f11) + ","
                + fieldToString(this.f12) + "," + fieldToString(this.f13) + "," + fieldToString(this.f14) + ","
                + fieldToString(this.f15) + "," + fieldToString(this.f16) + "," + fieldToString(this.f17) + ","
                + fieldToString(this.f18) + ")";
    }

    /** Returns true if {@code o} is a {@code Tuple19} whose fields are all equal to this one's. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tuple19)) {
            return false;
        }
        @SuppressWarnings("rawtypes")
        Tuple19 that = (Tuple19) o;
        return Objects.equals(this.f0, that.f0)
                && Objects.equals(this.f1, that.f1)
                && Objects.equals(this.f2, that.f2)
                && Objects.equals(this.f3, that.f3)
                && Objects.equals(this.f4, that.f4)
                && Objects.equals(this.f5, that.f5)
                && Objects.equals(this.f6, that.f6)
                && Objects.equals(this.f7, that.f7)
                && Objects.equals(this.f8, that.f8)
                && Objects.equals(this.f9, that.f9)
                && Objects.equals(this.f10, that.f10)
                && Objects.equals(this.f11, that.f11)
                && Objects.equals(this.f12, that.f12)
                && Objects.equals(this.f13, that.f13)
                && Objects.equals(this.f14, that.f14)
                && Objects.equals(this.f15, that.f15)
                && Objects.equals(this.f16, that.f16)
                && Objects.equals(this.f17, that.f17)
                && Objects.equals(this.f18, that.f18);
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
        result = 31 * result + (f10 != null ? f10.hashCode() : 0);
        result = 31 * result + (f11 != null ? f11.hashCode() : 0);
        result = 31 * result + (f12 != null ? f12.hashCode() : 0);
        result = 31 * result + (f13 != null ? f13.hashCode() : 0);
        result = 31 * result + (f14 != null ? f14.hashCode() : 0);
        result = 31 * result + (f15 != null ? f15.hashCode() : 0);
        result = 31 * result + (f16 != null ? f16.hashCode() : 0);
        result = 31 * result + (f17 != null ? f17.hashCode() : 0);
        result = 31 * result + (f18 != null ? f18.hashCode() : 0);
        return result;
    }
}
