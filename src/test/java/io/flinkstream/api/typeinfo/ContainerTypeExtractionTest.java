package io.flinkstream.api.typeinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.tuple.Tuple;
import io.flinkstream.api.tuple.Tuple0;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.tuple.Tuple3;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the type extractor finds for tuples, collections, Optional, enums and arrays, and that Types.* agrees. */
class ContainerTypeExtractionTest {

    enum Color { RED, GREEN { } }

    /** A tuple subclass that adds no fields. */
    @SuppressWarnings("unchecked") // javac reports the tuple copy() override on each subclass
    public static class WordCount extends Tuple2<String, Integer> {
        private static final long serialVersionUID = 1L;
    }

    /** A generic tuple subclass: its type argument flows into the tuple's fields. */
    @SuppressWarnings("unchecked") // javac reports the tuple copy() override on each subclass
    public static class Keyed<K> extends Tuple3<K, List<K>, Long> {
        private static final long serialVersionUID = 1L;
    }

    /** A tuple subclass with a field of its own, which a tuple serializer would lose. */
    @SuppressWarnings("unchecked") // javac reports the tuple copy() override on each subclass
    public static class WithExtra extends Tuple2<String, Long> {
        private static final long serialVersionUID = 1L;
        public int extra;
    }

    @Test
    void when_a_tuple_type_is_hinted_then_its_fields_are_typed() {
        TypeInformation<Tuple2<String, Long>> type = TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {});
        TupleTypeInfo<?> tuple = assertInstanceOf(TupleTypeInfo.class, type);
        assertTrue(tuple.isTupleType());
        assertEquals(2, tuple.getArity());
        assertEquals(Types.STRING, tuple.getTypeAt(0));
        assertEquals(Types.LONG, tuple.getTypeAt(1));
        assertEquals(List.of("T0", "T1"), List.copyOf(tuple.getGenericParameters().keySet()));
        assertEquals("Java Tuple2<String, Long>", type.toString());
        assertEquals(Types.TUPLE(Types.STRING, Types.LONG), type);
        assertEquals(new TupleTypeInfo<>(Types.STRING, Types.LONG).hashCode(), type.hashCode());
    }

    @Test
    void when_a_raw_tuple_class_is_given_then_its_fields_are_generic() {
        TupleTypeInfo<?> tuple = assertInstanceOf(TupleTypeInfo.class, TypeInformation.of(Tuple2.class));
        assertEquals(new GenericTypeInfo<>(Object.class), tuple.getTypeAt(0));
        assertEquals(Types.TUPLE(), TypeInformation.of(Tuple0.class));
        assertInstanceOf(GenericTypeInfo.class, TypeInformation.of(Tuple.class));
    }

    @Test
    void when_a_tuple_subclass_is_given_then_field_types_come_from_its_superclass() {
        TupleTypeInfo<?> words = assertInstanceOf(TupleTypeInfo.class, Types.TUPLE(WordCount.class));
        assertEquals(WordCount.class, words.getTypeClass());
        assertEquals(Types.INT, words.getTypeAt(1));
        assertEquals(words, TypeInformation.of(WordCount.class));
        TupleTypeInfo<?> keyed = assertInstanceOf(TupleTypeInfo.class,
                TypeInformation.of(new TypeHint<Keyed<String>>() {}));
        assertEquals(Types.STRING, keyed.getTypeAt(0));
        assertEquals(Types.LIST(Types.STRING), keyed.getTypeAt(1));
        assertEquals(3, keyed.getTotalFields());
    }

    @Test
    void when_a_tuple_subclass_adds_fields_then_it_is_no_tuple_type() {
        assertFalse(TypeInformation.of(WithExtra.class).isTupleType());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Types.TUPLE(WithExtra.class));
        assertTrue(e.getMessage().contains("'extra'"), e.getMessage());
    }

    @Test
    void when_lists_and_maps_are_hinted_then_their_element_types_are_found() {
        TypeInformation<List<Tuple2<String, Long>>> list =
                TypeInformation.of(new TypeHint<List<Tuple2<String, Long>>>() {});
        assertEquals(Types.LIST(Types.TUPLE(Types.STRING, Types.LONG)), list);
        assertEquals("List<Java Tuple2<String, Long>>", list.toString());
        TypeInformation<Map<String, List<Long>>> map = TypeInformation.of(new TypeHint<Map<String, List<Long>>>() {});
        assertEquals(Types.MAP(Types.STRING, Types.LIST(Types.LONG)), map);
        assertEquals("Map<String, List<Long>>", map.toString());
        assertEquals(Types.LIST(Types.LONG), TypeInformation.of(new TypeHint<ArrayList<Long>>() {}));
        assertEquals(Types.MAP(Types.INT, Types.INT), TypeInformation.of(new TypeHint<HashMap<Integer, Integer>>() {}));
        assertFalse(list.isKeyType());
    }

    @Test
    void when_a_collection_is_raw_or_not_a_list_or_map_then_the_unknown_part_is_generic() {
        GenericTypeInfo<Object> object = new GenericTypeInfo<>(Object.class);
        assertEquals(Types.LIST(object), TypeInformation.of(List.class));
        assertEquals(Types.MAP(object, object), TypeInformation.of(Map.class));
        assertInstanceOf(GenericTypeInfo.class, TypeInformation.of(new TypeHint<LinkedList<Long>>() {}));
        assertInstanceOf(GenericTypeInfo.class, TypeInformation.of(new TypeHint<TreeMap<String, Long>>() {}));
        assertInstanceOf(GenericTypeInfo.class, TypeInformation.of(new TypeHint<Set<String>>() {}));
    }

    static <T> TypeInformation<List<T>> listOfUnbound() {
        return TypeInformation.of(new TypeHint<List<T>>() {});
    }

    @Test
    void when_a_type_variable_is_unbound_then_the_element_type_is_generic() {
        assertEquals(Types.LIST(new GenericTypeInfo<>(Object.class)), listOfUnbound());
    }

    @Test
    void when_optional_is_hinted_then_its_value_type_is_found() {
        TypeInformation<Optional<String>> type = TypeInformation.of(new TypeHint<Optional<String>>() {});
        assertEquals(new OptionalTypeInfo<>(Types.STRING), type);
        assertEquals("Optional<String>", type.toString());
    }

    @Test
    void when_an_enum_is_given_then_it_has_an_enum_type_even_for_a_constant_with_a_body() {
        assertEquals(Types.ENUM(Color.class), TypeInformation.of(Color.class));
        assertEquals(Types.ENUM(Color.class), TypeInformation.of(Color.GREEN.getClass()));
        assertEquals("EnumTypeInfo<" + Color.class.getName() + ">", Types.ENUM(Color.class).toString());
    }

    @Test
    void when_arrays_are_given_then_primitive_basic_and_object_array_types_are_found() {
        assertEquals(PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO, TypeInformation.of(long[].class));
        assertEquals(Types.PRIMITIVE_ARRAY(Types.BYTE), TypeInformation.of(byte[].class));
        assertEquals("long[]", TypeInformation.of(long[].class).toString());
        assertEquals(BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO, TypeInformation.of(String[].class));
        assertEquals(Types.OBJECT_ARRAY(Types.LONG), TypeInformation.of(Long[].class));
        assertEquals("BasicArrayTypeInfo<String>", TypeInformation.of(String[].class).toString());
        TypeInformation<Tuple2<String, Long>[]> tuples = TypeInformation.of(new TypeHint<Tuple2<String, Long>[]>() {});
        assertEquals(Types.OBJECT_ARRAY(Types.TUPLE(Types.STRING, Types.LONG)), tuples);
        assertEquals("ObjectArrayTypeInfo<Java Tuple2<String, Long>>", tuples.toString());
        assertEquals(ObjectArrayTypeInfo.getInfoFor(long[][].class, Types.PRIMITIVE_ARRAY(Types.LONG)),
                TypeInformation.of(long[][].class));
        assertThrows(IllegalArgumentException.class, () -> Types.PRIMITIVE_ARRAY(Types.STRING));
    }

    @Test
    void when_the_new_basic_types_are_given_then_they_are_basic() {
        assertEquals(Types.BIG_INT, TypeInformation.of(BigInteger.class));
        assertEquals(Types.BIG_DEC, TypeInformation.of(BigDecimal.class));
        assertEquals(Types.INSTANT, TypeInformation.of(Instant.class));
        assertEquals(Types.VOID, TypeInformation.of(Void.class));
        assertTrue(Types.INSTANT.isBasicType());
    }

    @Test
    void when_a_type_is_java_serialized_then_it_comes_back_equal_and_makes_an_equal_serializer() throws Exception {
        List<TypeInformation<?>> types = List.of(Types.TUPLE(Types.STRING, Types.LONG), Types.TUPLE(WordCount.class),
                Types.MAP(Types.STRING, Types.LIST(Types.INSTANT)), new OptionalTypeInfo<>(Types.BIG_DEC),
                Types.ENUM(Color.class), Types.PRIMITIVE_ARRAY(Types.DOUBLE), Types.OBJECT_ARRAY(Types.STRING),
                Types.OBJECT_ARRAY(Types.TUPLE(Types.INT)));
        for (TypeInformation<?> type : types) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(type);
            }
            Object back = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))
                    .readObject();
            assertEquals(type, back);
            assertEquals(type.createSerializer(new SerializerConfig()),
                    ((TypeInformation<?>) back).createSerializer(new SerializerConfig()));
        }
    }

    @Test
    void when_types_differ_in_a_nested_type_then_they_are_not_equal() {
        assertNotEquals(Types.LIST(Types.LONG), Types.LIST(Types.INT));
        assertNotEquals(Types.TUPLE(Types.STRING, Types.LONG), Types.TUPLE(Types.STRING, Types.INT));
        assertNotEquals(Types.MAP(Types.STRING, Types.LONG), Types.MAP(Types.LONG, Types.STRING));
        assertNotEquals(Types.TUPLE(Types.STRING, Types.INT), Types.TUPLE(WordCount.class));
    }
}
