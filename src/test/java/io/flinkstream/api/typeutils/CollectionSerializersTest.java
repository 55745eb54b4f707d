package io.flinkstream.api.typeutils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.api.typeutils.base.LongSerializer;
import io.flinkstream.api.typeutils.runtime.ListSerializer;
import io.flinkstream.api.typeutils.runtime.MapSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The list, map and Optional serializers, against the common contract and for their copy and compatibility rules. */
class CollectionSerializersTest {

    private static <T> TypeSerializer<T> serializerOf(TypeInformation<T> type) {
        return type.createSerializer(new SerializerConfig());
    }

    @Nested
    class ListsOfLongs extends SerializerTestBase<List<Long>> {
        @Override
        protected TypeSerializer<List<Long>> createSerializer() {
            return new ListSerializer<>(LongSerializer.INSTANCE);
        }

        @Override
        protected List<List<Long>> testData() {
            return List.of(new ArrayList<>(), new ArrayList<>(List.of(1L, 2L, 3L)), new ArrayList<>(
                    Arrays.asList(null, 5L, null)));
        }

        @Override
        protected boolean mutate(List<Long> value) {
            value.add(42L);
            return true;
        }
    }

    @Nested
    class ListsOfTuples extends SerializerTestBase<List<Tuple2<String, Long>>> {
        @Override
        protected TypeSerializer<List<Tuple2<String, Long>>> createSerializer() {
            return serializerOf(TypeInformation.of(new TypeHint<List<Tuple2<String, Long>>>() {}));
        }

        @Override
        protected List<List<Tuple2<String, Long>>> testData() {
            return List.of(new ArrayList<>(List.of(Tuple2.of("a", 1L), Tuple2.of("b", null))));
        }

        @Override
        protected boolean mutate(List<Tuple2<String, Long>> value) {
            value.get(0).f1 = 100L; // an element changed in place: the copy must be deep
            return true;
        }
    }

    @Nested
    class MapsOfLists extends SerializerTestBase<Map<String, List<Long>>> {
        @Override
        protected TypeSerializer<Map<String, List<Long>>> createSerializer() {
            return serializerOf(TypeInformation.of(new TypeHint<Map<String, List<Long>>>() {}));
        }

        @Override
        protected List<Map<String, List<Long>>> testData() {
            Map<String, List<Long>> nulls = new HashMap<>();
            nulls.put(null, new ArrayList<>(List.of(1L)));
            nulls.put("null value", null);
            return List.of(new HashMap<>(), new HashMap<>(Map.of("a", new ArrayList<>(List.of(1L, 2L)),
                    "b", new ArrayList<>())), nulls);
        }

        @Override
        protected boolean mutate(Map<String, List<Long>> value) {
            value.computeIfAbsent("added", k -> new ArrayList<>()).add(7L);
            return true;
        }
    }

    @Nested
    class OptionalStrings extends SerializerTestBase<Optional<String>> {
        @Override
        protected TypeSerializer<Optional<String>> createSerializer() {
            return serializerOf(TypeInformation.of(new TypeHint<Optional<String>>() {}));
        }

        @Override
        protected List<Optional<String>> testData() {
            return List.of(Optional.empty(), Optional.of(""), Optional.of("value"));
        }
    }

    @Nested
    class OptionalLists extends SerializerTestBase<Optional<List<Long>>> {
        @Override
        protected TypeSerializer<Optional<List<Long>>> createSerializer() {
            return serializerOf(TypeInformation.of(new TypeHint<Optional<List<Long>>>() {}));
        }

        @Override
        protected List<Optional<List<Long>>> testData() {
            return List.of(Optional.empty(), Optional.of(new ArrayList<>(List.of(1L))));
        }

        @Override
        protected boolean copyMayReturnSameInstance() {
            return true; // Optional.empty() is shared; a present value is copied, which mutate() checks
        }

        @Override
        protected boolean mutate(Optional<List<Long>> value) {
            value.ifPresent(list -> list.add(2L));
            return value.isPresent();
        }
    }

    @Test
    void when_the_elements_are_immutable_then_a_list_copy_is_shallow_and_else_deep() {
        List<Long> longs = new ArrayList<>(List.of(1L));
        List<Long> copy = new ListSerializer<>(LongSerializer.INSTANCE).copy(longs);
        assertNotSame(longs, copy);
        assertSame(longs.get(0), copy.get(0));
        List<List<Long>> nested = new ArrayList<>(List.of(new ArrayList<>(List.of(1L))));
        List<List<Long>> deep = serializerOf(Types.LIST(Types.LIST(Types.LONG))).copy(nested);
        assertNotSame(nested.get(0), deep.get(0));
        assertEquals(nested, deep);
    }

    @Test
    void when_a_map_value_type_changes_then_it_is_incompatible_naming_the_map_value() throws IOException {
        // Given state written as Map<String, Long>
        TypeSerializerSnapshot<Map<String, Long>> old = SerializerTestBase.writeAndRead(
                new MapSerializer<>(serializerOf(Types.STRING), serializerOf(Types.LONG)).snapshotConfiguration());
        // When read as Map<String, String>
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSchemaCompatibility<?> result = ((TypeSerializerSnapshot) serializerOf(
                Types.MAP(Types.STRING, Types.STRING)).snapshotConfiguration()).resolveSchemaCompatibility(old);
        // Then
        assertTrue(result.isIncompatible());
        assertEquals("map value: Long -> String", result.reason());
    }

    @Test
    void when_a_list_is_read_as_a_map_then_it_is_incompatible() throws IOException {
        TypeSerializerSnapshot<List<Long>> old = SerializerTestBase.writeAndRead(
                serializerOf(Types.LIST(Types.LONG)).snapshotConfiguration());
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSchemaCompatibility<?> result = ((TypeSerializerSnapshot) serializerOf(
                Types.MAP(Types.LONG, Types.LONG)).snapshotConfiguration()).resolveSchemaCompatibility(old);
        assertTrue(result.isIncompatible());
    }
}
