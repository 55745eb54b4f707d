package io.flinkstream.api.typeutils;

import io.flinkstream.api.typeutils.base.BigDecSerializer;
import io.flinkstream.api.typeutils.base.BigIntSerializer;
import io.flinkstream.api.typeutils.base.InstantSerializer;
import io.flinkstream.api.typeutils.base.PrimitiveArraySerializer;
import io.flinkstream.api.typeutils.base.VoidSerializer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The serializers of BigInteger, BigDecimal, Instant, Void and the primitive arrays, against the common contract. */
class BasicSerializersTest {

    @Nested
    class BigIntegers extends SerializerTestBase<BigInteger> {
        @Override
        protected TypeSerializer<BigInteger> createSerializer() {
            return BigIntSerializer.INSTANCE;
        }

        @Override
        protected List<BigInteger> testData() {
            return List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(-1), BigInteger.valueOf(Long.MIN_VALUE),
                    new BigInteger("123456789012345678901234567890"), BigInteger.TWO.pow(1000).negate());
        }
    }

    @Nested
    class BigDecimals extends SerializerTestBase<BigDecimal> {
        @Override
        protected TypeSerializer<BigDecimal> createSerializer() {
            return BigDecSerializer.INSTANCE;
        }

        @Override
        protected List<BigDecimal> testData() {
            // equals compares the scale too, so 1.0 and 1.00 must come back as written
            return List.of(BigDecimal.ZERO, new BigDecimal("1.0"), new BigDecimal("1.00"), new BigDecimal("-3.14e-40"),
                    new BigDecimal("1e400"), new BigDecimal("98765432109876543210.0123456789"));
        }
    }

    @Nested
    class Instants extends SerializerTestBase<Instant> {
        @Override
        protected TypeSerializer<Instant> createSerializer() {
            return InstantSerializer.INSTANCE;
        }

        @Override
        protected List<Instant> testData() {
            return List.of(Instant.EPOCH, Instant.ofEpochSecond(1_700_000_000L, 123_456_789), Instant.MIN,
                    Instant.MAX, Instant.ofEpochSecond(-1, 1));
        }
    }

    @Nested
    class Voids extends SerializerTestBase<Void> {
        @Override
        protected TypeSerializer<Void> createSerializer() {
            return VoidSerializer.INSTANCE;
        }

        @Override
        protected List<Void> testData() {
            return Arrays.asList((Void) null);
        }
    }

    @Nested
    class LongArrays extends SerializerTestBase<long[]> {
        @Override
        protected TypeSerializer<long[]> createSerializer() {
            return PrimitiveArraySerializer.LONG;
        }

        @Override
        protected List<long[]> testData() {
            return List.of(new long[0], new long[] {1L, -2L, Long.MAX_VALUE, Long.MIN_VALUE}, new long[300]);
        }

        @Override
        protected boolean mutate(long[] value) {
            if (value.length == 0) {
                return false;
            }
            value[0]++;
            return true;
        }
    }

    @Nested
    class ByteArrays extends SerializerTestBase<byte[]> {
        @Override
        protected TypeSerializer<byte[]> createSerializer() {
            return PrimitiveArraySerializer.BYTE;
        }

        @Override
        protected List<byte[]> testData() {
            byte[] large = new byte[5000];
            Arrays.fill(large, (byte) 7);
            return List.of(new byte[0], new byte[] {0, -1, 127, -128}, large);
        }

        @Override
        protected boolean mutate(byte[] value) {
            if (value.length == 0) {
                return false;
            }
            value[0]++;
            return true;
        }
    }

    /** One nested test per remaining primitive type: each writes its own element width. */
    @Nested
    class IntArrays extends SerializerTestBase<int[]> {
        @Override
        protected TypeSerializer<int[]> createSerializer() {
            return PrimitiveArraySerializer.INT;
        }

        @Override
        protected List<int[]> testData() {
            return List.of(new int[0], new int[] {1, -1, Integer.MIN_VALUE});
        }
    }

    @Nested
    class DoubleArrays extends SerializerTestBase<double[]> {
        @Override
        protected TypeSerializer<double[]> createSerializer() {
            return PrimitiveArraySerializer.DOUBLE;
        }

        @Override
        protected List<double[]> testData() {
            return List.of(new double[0], new double[] {0.5, Double.NaN, -0.0, Double.NEGATIVE_INFINITY});
        }
    }

    @Nested
    class BooleanArrays extends SerializerTestBase<boolean[]> {
        @Override
        protected TypeSerializer<boolean[]> createSerializer() {
            return PrimitiveArraySerializer.BOOLEAN;
        }

        @Override
        protected List<boolean[]> testData() {
            return List.of(new boolean[0], new boolean[] {true, false, true});
        }
    }

    @Nested
    class CharArrays extends SerializerTestBase<char[]> {
        @Override
        protected TypeSerializer<char[]> createSerializer() {
            return PrimitiveArraySerializer.CHAR;
        }

        @Override
        protected List<char[]> testData() {
            return List.of(new char[0], "héllo \uD83D\uDE00".toCharArray());
        }
    }

    @Nested
    class ShortArrays extends SerializerTestBase<short[]> {
        @Override
        protected TypeSerializer<short[]> createSerializer() {
            return PrimitiveArraySerializer.SHORT;
        }

        @Override
        protected List<short[]> testData() {
            return List.of(new short[0], new short[] {Short.MIN_VALUE, 0, Short.MAX_VALUE});
        }
    }

    @Nested
    class FloatArrays extends SerializerTestBase<float[]> {
        @Override
        protected TypeSerializer<float[]> createSerializer() {
            return PrimitiveArraySerializer.FLOAT;
        }

        @Override
        protected List<float[]> testData() {
            return List.of(new float[0], new float[] {1.5f, Float.NaN, -0.0f});
        }
    }
}
