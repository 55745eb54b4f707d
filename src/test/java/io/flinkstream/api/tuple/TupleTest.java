package io.flinkstream.api.tuple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TupleTest {

    /** A user type built on a tuple, as Flink programs often write; it adds no fields. */
    static final class WordCount extends Tuple2<String, Integer> {
        private static final long serialVersionUID = 1L;

        WordCount(String word, int count) {
            super(word, count);
        }
    }

    private static Tuple25<Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer,
            Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer,
            Integer, Integer, Integer> zeroTo24() {
        return Tuple25.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void when_tuplesAreBuiltWithOf_then_publicFieldsAndGetFieldAgree() {
        // Given / When
        Tuple1<String> one = Tuple1.of("a");
        Tuple2<String, Long> two = Tuple2.of("clicks", 3L);
        Tuple3<String, Integer, Boolean> three = new Tuple3<>("x", 1, true);
        var twentyFive = zeroTo24();

        // Then
        assertEquals("a", one.f0);
        assertEquals("a", one.<String>getField(0));
        assertEquals("clicks", two.f0);
        assertEquals(3L, two.f1);
        assertEquals(3L, two.<Long>getField(1));
        assertEquals(true, three.<Boolean>getField(2));
        assertEquals(24, twentyFive.f24);
        for (int i = 0; i < 25; i++) {
            assertEquals(i, twentyFive.<Integer>getField(i));
        }
        assertEquals(0, Tuple0.INSTANCE.getArity());
        assertEquals(1, one.getArity());
        assertEquals(2, two.getArity());
        assertEquals(25, twentyFive.getArity());
    }

    @Test
    void when_setFieldIsCalledOnEveryPositionOfEveryArity_then_getFieldAndThePublicFieldReturnTheValue()
            throws Exception {
        for (int arity = 1; arity <= Tuple.MAX_ARITY; arity++) {
            // Given
            Tuple tuple = Tuple.newInstance(arity);

            // When
            for (int pos = 0; pos < arity; pos++) {
                tuple.setField("v" + pos, pos);
            }

            // Then
            for (int pos = 0; pos < arity; pos++) {
                assertEquals("v" + pos, tuple.getField(pos), "Tuple" + arity + " position " + pos);
                assertEquals("v" + pos, tuple.getClass().getField("f" + pos).get(tuple));
            }
        }
    }

    @Test
    void when_setFieldsIsCalled_then_everyFieldIsReplaced() {
        // Given
        Tuple3<String, Integer, Long> tuple = Tuple3.of("a", 1, 1L);

        // When
        tuple.setFields("b", 2, 2L);

        // Then
        assertEquals(Tuple3.of("b", 2, 2L), tuple);
    }

    @Test
    void when_aFieldIsNull_then_getFieldReturnsNullAndGetFieldNotNullNamesTheField() {
        // Given
        Tuple2<String, Long> tuple = Tuple2.of("k", null);

        // When
        NullPointerException e = assertThrows(NullPointerException.class, () -> tuple.getFieldNotNull(1));

        // Then
        assertNull(tuple.getField(1));
        assertEquals("k", tuple.getFieldNotNull(0));
        assertTrue(e.getMessage().contains("f1") && e.getMessage().contains("Tuple2"), e.getMessage());
    }

    @Test
    void when_aPositionIsOutOfRange_then_getFieldAndSetFieldThrowIndexOutOfBounds() {
        for (int arity = 0; arity <= Tuple.MAX_ARITY; arity++) {
            // Given
            Tuple tuple = Tuple.newInstance(arity);

            // When / Then
            for (int pos : new int[] {-1, arity, arity + 1}) {
                assertThrows(IndexOutOfBoundsException.class, () -> tuple.getField(pos), "Tuple" + arity);
                assertThrows(IndexOutOfBoundsException.class, () -> tuple.setField("x", pos), "Tuple" + arity);
            }
        }
        IndexOutOfBoundsException e =
                assertThrows(IndexOutOfBoundsException.class, () -> Tuple2.of(1, 2).getField(2));
        assertEquals("Position 2 is out of range: a Tuple2 has fields 0 to 1", e.getMessage());
    }

    @Test
    void when_tuplesHaveEqualFields_then_theyAreEqualWithEqualHashCodes() {
        // Given
        Tuple2<String, Long> a = Tuple2.of("k", 1L);
        Tuple2<String, Long> b = new Tuple2<>("k", 1L);
        Tuple2<String, Long> nullsA = Tuple2.of(null, null);
        Tuple2<String, Long> nullsB = new Tuple2<>();

        // Then
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(nullsA, nullsB);
        assertEquals(nullsA.hashCode(), nullsB.hashCode());
        assertEquals(zeroTo24(), zeroTo24());
        assertEquals(zeroTo24().hashCode(), zeroTo24().hashCode());
        assertEquals(Tuple0.INSTANCE, new Tuple0());
    }

    @Test
    void when_tuplesDifferInAFieldOrInClass_then_theyAreNotEqual() {
        // Given
        Tuple2<String, Long> pair = Tuple2.of("k", 1L);

        // Then
        assertNotEquals(pair, Tuple2.of("k", 2L));
        assertNotEquals(pair, Tuple2.of(null, 1L));
        assertNotEquals(Tuple2.of(null, 1L), pair);
        assertNotEquals(pair, Tuple3.of("k", 1L, null));
        assertNotEquals(Tuple1.of(null), Tuple0.INSTANCE);
        assertNotEquals(Tuple0.INSTANCE, Tuple1.of(null));
        assertNotEquals(pair, null);
        assertNotEquals(pair, "(k,1)");
    }

    @Test
    void when_aSubclassAddsNoFields_then_itEqualsTheTupleWithTheSameFields_asInFlink() {
        // Given
        WordCount counted = new WordCount("flink", 2);
        Tuple2<String, Integer> plain = Tuple2.of("flink", 2);

        // Then: equality is "instanceof Tuple2 and equal fields", in both directions
        assertEquals(plain, counted);
        assertEquals(counted, plain);
        assertEquals(plain.hashCode(), counted.hashCode());
    }

    @Test
    void when_hashCodeIsComputed_then_itFollowsFlinksFormula() {
        // Flink: result = h(f0); result = 31 * result + h(fi) for each further field, null hashing to 0.
        assertEquals(0, Tuple0.INSTANCE.hashCode());
        assertEquals("a".hashCode(), Tuple1.of("a").hashCode());
        assertEquals(0, Tuple1.of(null).hashCode());
        assertEquals(31 * "a".hashCode() + Long.hashCode(7L), Tuple2.of("a", 7L).hashCode());
        assertEquals((1 * 31 + 2) * 31 + 3, Tuple3.of(1, 2, 3).hashCode());
        assertEquals(31 * 31 * 1 + 3, Tuple3.of(1, null, 3).hashCode());
        int expected = 0;
        for (int i = 0; i < 25; i++) {
            expected = 31 * expected + i;
        }
        assertEquals(expected, zeroTo24().hashCode());
    }

    @Test
    void when_tuplesArePrinted_then_theTextMatchesFlinks() {
        assertEquals("(1,4)", Tuple2.of(1L, 4L).toString());
        assertEquals("()", Tuple0.INSTANCE.toString());
        assertEquals("(a)", Tuple1.of("a").toString());
        assertEquals("((a,1),null)", Tuple2.of(Tuple2.of("a", 1), null).toString());
        assertEquals("(null,null,null)", new Tuple3<>().toString());
        assertEquals("(0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24)", zeroTo24().toString());
    }

    @Test
    void when_aFieldIsAnArray_then_itIsPrintedByItsElements() {
        assertEquals("([1, 2],x)", Tuple2.of(new int[] {1, 2}, "x").toString());
        assertEquals("([a, null])", Tuple1.of(new String[] {"a", null}).toString());
        assertEquals("([[1, 2], [3]])", Tuple1.of(new Integer[][] {{1, 2}, {3}}).toString());
        assertEquals("([true],[1.5],[c])",
                Tuple3.of(new boolean[] {true}, new double[] {1.5}, new char[] {'c'}).toString());
        assertEquals("([1],[2],[3],[4.0])",
                Tuple4.of(new byte[] {1}, new short[] {2}, new long[] {3}, new float[] {4}).toString());
    }

    @Test
    void when_aTupleIsCopied_then_theCopyIsEqualShallowAndIndependent() {
        // Given
        List<String> shared = new ArrayList<>(List.of("a"));
        Tuple2<List<String>, Integer> original = Tuple2.of(shared, 1);

        // When
        Tuple2<List<String>, Integer> copy = original.copy();
        copy.f1 = 2;

        // Then
        assertNotSame(original, copy);
        assertSame(shared, copy.f0);
        assertEquals(1, original.f1);
        assertEquals(2, copy.f1);
        assertEquals(zeroTo24(), zeroTo24().copy());
        assertEquals(Tuple0.INSTANCE, Tuple0.INSTANCE.copy());
    }

    @Test
    void when_everyArityIsCopiedThroughTheBaseClass_then_theCopyHasTheSameClassAndFields() {
        for (int arity = 0; arity <= Tuple.MAX_ARITY; arity++) {
            // Given
            Tuple tuple = Tuple.newInstance(arity);
            for (int pos = 0; pos < arity; pos++) {
                tuple.setField(pos, pos);
            }

            // When
            Tuple copy = tuple.copy();

            // Then
            assertSame(tuple.getClass(), copy.getClass());
            assertEquals(tuple, copy);
        }
    }

    @Test
    void when_aPairIsSwapped_then_aNewTupleHoldsTheFieldsInReverse() {
        // Given
        Tuple2<String, Long> pair = Tuple2.of("k", 1L);

        // When
        Tuple2<Long, String> swapped = pair.swap();

        // Then
        assertEquals(Tuple2.of(1L, "k"), swapped);
        assertEquals(Tuple2.of("k", 1L), pair);
    }

    @Test
    void when_askedForEveryArity_then_getTupleClassAndNewInstanceAgree() {
        for (int arity = 0; arity <= Tuple.MAX_ARITY; arity++) {
            // When
            Class<? extends Tuple> tupleClass = Tuple.getTupleClass(arity);
            Tuple tuple = Tuple.newInstance(arity);

            // Then
            assertEquals("Tuple" + arity, tupleClass.getSimpleName());
            assertSame(tupleClass, tuple.getClass());
            assertEquals(arity, tuple.getArity());
            for (int pos = 0; pos < arity; pos++) {
                assertNull(tuple.getField(pos));
            }
        }
        assertSame(Tuple0.INSTANCE, Tuple.newInstance(0));
        assertEquals(25, Tuple.MAX_ARITY);
    }

    @Test
    void when_anArityIsOutOfRange_then_getTupleClassAndNewInstanceRefuseIt() {
        for (int arity : new int[] {-1, Tuple.MAX_ARITY + 1}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Tuple.getTupleClass(arity));
            assertTrue(e.getMessage().contains(String.valueOf(arity)), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Tuple.newInstance(arity));
        }
    }

    @Test
    void when_tuplesAreSerialized_then_theyComeBackEqualAndTuple0ComesBackAsTheInstance() throws Exception {
        // Given
        Tuple2<String, int[]> pair = Tuple2.of("k", new int[] {1, 2});

        // When
        Tuple2<String, int[]> back = roundTrip(pair);
        Tuple0 empty = roundTrip(new Tuple0());
        var twentyFive = roundTrip(zeroTo24());

        // Then
        assertEquals("k", back.f0);
        assertArrayEquals(new int[] {1, 2}, back.f1);
        assertSame(Tuple0.INSTANCE, empty);
        assertEquals(zeroTo24(), twentyFive);
    }
}
