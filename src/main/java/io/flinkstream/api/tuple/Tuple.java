package io.flinkstream.api.tuple;

import java.util.Arrays;

/**
 * The base of the fixed-arity tuples {@link Tuple0} to {@link Tuple25}: a tuple is a mutable, serializable value
 * whose fields {@code f0}, {@code f1}, … are public and typed, and can also be reached by position. Shaped like
 * Flink's {@code org.apache.flink.api.java.tuple.Tuple}, so that code using tuples ports by changing its imports,
 * and with the same {@code equals}, {@code hashCode} and {@code toString}.
 *
 * <pre>{@code
 * Tuple t = Tuple.newInstance(2);   // a Tuple2 with null fields
 * t.setField("clicks", 0);
 * t.setField(3L, 1);
 * long n = t.getField(1);           // 3
 * }</pre>
 */
public abstract class Tuple implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The largest arity a tuple class exists for. */
    public static final int MAX_ARITY = 25;

    private static final Class<?>[] CLASSES = {
        Tuple0.class, Tuple1.class, Tuple2.class, Tuple3.class, Tuple4.class, Tuple5.class, Tuple6.class,
        Tuple7.class, Tuple8.class, Tuple9.class, Tuple10.class, Tuple11.class, Tuple12.class, Tuple13.class,
        Tuple14.class, Tuple15.class, Tuple16.class, Tuple17.class, Tuple18.class, Tuple19.class, Tuple20.class,
        Tuple21.class, Tuple22.class, Tuple23.class, Tuple24.class, Tuple25.class
    };

    /**
     * Returns the field at {@code pos}, which may be null.
     *
     * @throws IndexOutOfBoundsException if {@code pos} is not in {@code [0, getArity())}
     */
    public abstract <T> T getField(int pos);

    /**
     * Returns the field at {@code pos}, failing if it is null.
     *
     * @throws NullPointerException naming the position if the field is null
     * @throws IndexOutOfBoundsException if {@code pos} is not in {@code [0, getArity())}
     */
    public <T> T getFieldNotNull(int pos) {
        T field = getField(pos);
        if (field == null) {
            throw new NullPointerException("Field f" + pos + " of this " + getClass().getSimpleName()
                    + " is null; set it before reading it with getFieldNotNull, or read it with getField");
        }
        return field;
    }

    /**
     * Sets the field at {@code pos} to {@code value}. The value is not type-checked against the tuple's type
     * parameters; a wrong type shows only when the field is read as its declared type.
     *
     * @throws IndexOutOfBoundsException if {@code pos} is not in {@code [0, getArity())}
     */
    public abstract <T> void setField(T value, int pos);

    /** Returns the number of fields, 0 to {@link #MAX_ARITY}. */
    public abstract int getArity();

    /** Returns a shallow copy: a new tuple of the same class whose fields refer to the same objects. */
    public abstract <T extends Tuple> T copy();

    /**
     * Returns the tuple class of the given arity, e.g. {@code Tuple2.class} for 2.
     *
     * @throws IllegalArgumentException if {@code arity} is not in {@code [0, MAX_ARITY]}
     */
    @SuppressWarnings("unchecked")
    public static Class<? extends Tuple> getTupleClass(int arity) {
        checkArity(arity);
        return (Class<? extends Tuple>) CLASSES[arity];
    }

    /**
     * Returns a new tuple of the given arity with all fields null; for arity 0, the shared {@link Tuple0#INSTANCE}.
     *
     * @throws IllegalArgumentException if {@code arity} is not in {@code [0, MAX_ARITY]}
     */
    public static Tuple newInstance(int arity) {
        checkArity(arity);
        return switch (arity) {
            case 0 -> Tuple0.INSTANCE;
            case 1 -> new Tuple1<>();
            case 2 -> new Tuple2<>();
            case 3 -> new Tuple3<>();
            case 4 -> new Tuple4<>();
            case 5 -> new Tuple5<>();
            case 6 -> new Tuple6<>();
            case 7 -> new Tuple7<>();
            case 8 -> new Tuple8<>();
            case 9 -> new Tuple9<>();
            case 10 -> new Tuple10<>();
            case 11 -> new Tuple11<>();
            case 12 -> new Tuple12<>();
            case 13 -> new Tuple13<>();
            case 14 -> new Tuple14<>();
            case 15 -> new Tuple15<>();
            case 16 -> new Tuple16<>();
            case 17 -> new Tuple17<>();
            case 18 -> new Tuple18<>();
            case 19 -> new Tuple19<>();
            case 20 -> new Tuple20<>();
            case 21 -> new Tuple21<>();
            case 22 -> new Tuple22<>();
            case 23 -> new Tuple23<>();
            case 24 -> new Tuple24<>();
            case 25 -> new Tuple25<>();
            default -> throw new AssertionError("arity was checked: " + arity);
        };
    }

    private static void checkArity(int arity) {
        if (arity < 0 || arity > MAX_ARITY) {
            throw new IllegalArgumentException(
                    "No tuple class has arity " + arity + "; the arity must be in [0, " + MAX_ARITY + "]");
        }
    }

    /**
     * Renders one field the way Flink's {@code StringUtils.arrayAwareToString} does: arrays by their elements
     * (nested arrays deeply), null as {@code "null"}, anything else by its {@code toString()}.
     */
    static String fieldToString(Object field) {
        if (field == null) {
            return "null";
        }
        if (!field.getClass().isArray()) {
            return field.toString();
        }
        if (field instanceof Object[] objects) {
            return Arrays.deepToString(objects);
        }
        if (field instanceof int[] ints) {
            return Arrays.toString(ints);
        }
        if (field instanceof long[] longs) {
            return Arrays.toString(longs);
        }
        if (field instanceof double[] doubles) {
            return Arrays.toString(doubles);
        }
        if (field instanceof float[] floats) {
            return Arrays.toString(floats);
        }
        if (field instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        if (field instanceof short[] shorts) {
            return Arrays.toString(shorts);
        }
        if (field instanceof char[] chars) {
            return Arrays.toString(chars);
        }
        return Arrays.toString((boolean[]) field);
    }

    /** Builds the message for a position outside {@code [0, arity)}. */
    static String badPosition(int pos, int arity) {
        return arity == 0
                ? "Position " + pos + " is out of range: a Tuple0 has no fields"
                : "Position " + pos + " is out of range: a Tuple" + arity + " has fields 0 to " + (arity - 1);
    }
}
