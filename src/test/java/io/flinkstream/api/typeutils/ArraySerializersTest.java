package io.flinkstream.api.typeutils;

import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeinfo.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The serializer of object arrays, for arrays of basic types and of any other type, against the common contract. */
class ArraySerializersTest {

    private static <T> TypeSerializer<T> serializerOf(TypeInformation<T> type) {
        return type.createSerializer(new SerializerConfig());
    }

    @Nested
    class StringArrays extends SerializerTestBase<String[]> {
        @Override
        protected TypeSerializer<String[]> createSerializer() {
            return serializerOf(TypeInformation.of(String[].class));
        }

        @Override
        protected List<String[]> testData() {
            return List.of(new String[0], new String[] {"a", null, ""});
        }

        @Override
        protected boolean mutate(String[] value) {
            if (value.length == 0) {
                return false;
            }
            value[0] = "changed";
            return true;
        }
    }

    @Nested
    class TupleArrays extends SerializerTestBase<Tuple2<String, Long>[]> {
        @Override
        protected TypeSerializer<Tuple2<String, Long>[]> createSerializer() {
            return serializerOf(TypeInformation.of(new TypeHint<Tuple2<String, Long>[]>() {}));
        }

        @Override
        @SuppressWarnings("unchecked")
        protected List<Tuple2<String, Long>[]> testData() {
            return List.of(new Tuple2[] {Tuple2.of("a", 1L), null}, new Tuple2[0]);
        }

        @Override
        protected boolean mutate(Tuple2<String, Long>[] value) {
            if (value.length == 0) {
                return false;
            }
            value[0].f1 = 2L; // in place: the copy must be deep
            return true;
        }
    }

    @Nested
    class ArraysOfLongArrays extends SerializerTestBase<long[][]> {
        @Override
        @SuppressWarnings("unchecked")
        protected TypeSerializer<long[][]> createSerializer() {
            return serializerOf(TypeInformation.of(long[][].class));
        }

        @Override
        protected List<long[][]> testData() {
            return List.<long[][]>of(new long[][] {{1L, 2L}, null, {}});
        }

        @Override
        protected boolean mutate(long[][] value) {
            value[0][0] = 9L;
            return true;
        }
    }

    @Test
    void when_an_array_of_lists_is_copied_then_the_lists_are_copied() {
        TypeSerializer<List<Long>[]> serializer = serializerOf(Types.OBJECT_ARRAY(Types.LIST(Types.LONG)));
        @SuppressWarnings("unchecked")
        List<Long>[] lists = new List[] {new ArrayList<>(List.of(1L))};
        assertNotSame(lists[0], serializer.copy(lists)[0]);
    }
}
