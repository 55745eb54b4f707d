package io.flinkstream.api.typeutils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.tuple.Tuple0;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.tuple.Tuple3;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.api.typeutils.base.LongSerializer;
import io.flinkstream.api.typeutils.base.StringSerializer;
import io.flinkstream.api.typeutils.runtime.KryoSerializer;
import io.flinkstream.api.typeutils.runtime.TupleSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The tuple serializer: the common contract on several tuple shapes, then subclasses and compatibility. */
class TupleSerializerTest {

    /** A user type built on a tuple, adding no fields: it must come back as itself. */
    @SuppressWarnings("unchecked") // javac reports the tuple copy() override on each subclass
    public static class WordCount extends Tuple2<String, Integer> {
        private static final long serialVersionUID = 1L;

        public WordCount() {
        }

        WordCount(String word, int count) {
            super(word, count);
        }
    }

    private static <T> TypeSerializer<T> serializerOf(TypeInformation<T> type) {
        return type.createSerializer(new SerializerConfig());
    }

    @Nested
    class StringLongPairs extends SerializerTestBase<Tuple2<String, Long>> {
        @Override
        protected TypeSerializer<Tuple2<String, Long>> createSerializer() {
            return serializerOf(TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {}));
        }

        @Override
        protected List<Tuple2<String, Long>> testData() {
            return List.of(Tuple2.of("a", 1L), Tuple2.of("", Long.MIN_VALUE), Tuple2.of(null, 3L),
                    Tuple2.of("only f0", null), new Tuple2<>());
        }

        @Override
        protected boolean mutate(Tuple2<String, Long> value) {
            value.f1 = value.f1 == null ? 0L : value.f1 + 1;
            return true;
        }
    }

    @Nested
    class NestedMutableFields extends SerializerTestBase<Tuple3<List<Long>, long[], Tuple2<String, Long>>> {
        @Override
        protected TypeSerializer<Tuple3<List<Long>, long[], Tuple2<String, Long>>> createSerializer() {
            return serializerOf(TypeInformation.of(
                    new TypeHint<Tuple3<List<Long>, long[], Tuple2<String, Long>>>() {}));
        }

        @Override
        protected List<Tuple3<List<Long>, long[], Tuple2<String, Long>>> testData() {
            return List.of(Tuple3.of(new ArrayList<>(List.of(1L, 2L)), new long[] {3L}, Tuple2.of("x", 4L)),
                    Tuple3.of(new ArrayList<>(), new long[0], null));
        }

        @Override
        protected boolean valuesEqual(Tuple3<List<Long>, long[], Tuple2<String, Long>> a,
                                      Tuple3<List<Long>, long[], Tuple2<String, Long>> b) {
            return a.f0.equals(b.f0) && java.util.Arrays.equals(a.f1, b.f1) && java.util.Objects.equals(a.f2, b.f2);
        }

        @Override
        protected boolean mutate(Tuple3<List<Long>, long[], Tuple2<String, Long>> value) {
            value.f0.add(99L); // a deep change: a shallow copy would change the original too
            return true;
        }
    }

    @Nested
    class GenericFields extends SerializerTestBase<Tuple2<Object, Object>> {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected TypeSerializer<Tuple2<Object, Object>> createSerializer() {
            return (TypeSerializer) serializerOf(TypeInformation.of(Tuple2.class));
        }

        @Override
        protected List<Tuple2<Object, Object>> testData() {
            return List.of(Tuple2.of("s", 1L), Tuple2.of(new ArrayList<>(List.of(1)), null));
        }
    }

    @Nested
    class Subclasses extends SerializerTestBase<WordCount> {
        @Override
        protected TypeSerializer<WordCount> createSerializer() {
            return serializerOf(Types.TUPLE(WordCount.class));
        }

        @Override
        protected List<WordCount> testData() {
            return List.of(new WordCount("word", 3), new WordCount());
        }

        @Override
        protected boolean valuesEqual(WordCount expected, WordCount actual) {
            return actual != null && actual.getClass() == WordCount.class && expected.equals(actual);
        }

        @Override
        protected boolean mutate(WordCount value) {
            value.f0 = "changed";
            return true;
        }
    }

    @Nested
    class EmptyTuples extends SerializerTestBase<Tuple0> {
        @Override
        protected TypeSerializer<Tuple0> createSerializer() {
            return serializerOf(Types.TUPLE());
        }

        @Override
        protected List<Tuple0> testData() {
            return List.of(Tuple0.INSTANCE);
        }

        @Override
        protected boolean copyMayReturnSameInstance() {
            return true;
        }
    }

    @Test
    void when_all_field_serializers_are_stateless_then_duplicate_returns_the_same_serializer() {
        TypeSerializer<Tuple2<String, Long>> stateless = serializerOf(Types.TUPLE(Types.STRING, Types.LONG));
        assertSame(stateless, stateless.duplicate());
        TypeSerializer<Tuple2<Object, Long>> withKryo =
                serializerOf(Types.TUPLE(Types.GENERIC(Object.class), Types.LONG));
        assertNotSame(withKryo, withKryo.duplicate());
        assertEquals(withKryo, withKryo.duplicate());
    }

    @Test
    @SuppressWarnings("unchecked") // javac reports the tuple copy() override on the local subclass
    void when_a_tuple_class_has_no_no_arg_constructor_then_the_serializer_names_the_fix() {
        class NoDefault extends Tuple2<String, String> {
            NoDefault(String a) {
                super(a, a);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TupleSerializer<>(
                NoDefault.class, new TypeSerializer<?>[] {StringSerializer.INSTANCE, StringSerializer.INSTANCE}));
        assertTrue(e.getMessage().contains("no-argument constructor"), e.getMessage());
    }

    private static TypeSerializerSchemaCompatibility<?> compatibility(TypeSerializer<?> before, TypeSerializer<?> now)
            throws IOException {
        @SuppressWarnings("unchecked")
        TypeSerializerSnapshot<Object> old = (TypeSerializerSnapshot<Object>) SerializerTestBase.writeAndRead(
                before.snapshotConfiguration());
        @SuppressWarnings("unchecked")
        TypeSerializerSnapshot<Object> current = (TypeSerializerSnapshot<Object>) now.snapshotConfiguration();
        return current.resolveSchemaCompatibility(old);
    }

    @Test
    void when_a_field_changes_type_then_it_is_incompatible_naming_the_field() throws IOException {
        // Given state written as Tuple2<String, Long>, When read as Tuple2<String, String>
        TypeSerializerSchemaCompatibility<?> result = compatibility(
                serializerOf(Types.TUPLE(Types.STRING, Types.LONG)),
                serializerOf(Types.TUPLE(Types.STRING, Types.STRING)));
        // Then
        assertTrue(result.isIncompatible());
        assertEquals("field f1: Long -> String", result.reason());
    }

    @Test
    void when_the_arity_or_class_changes_then_it_is_incompatible() throws IOException {
        TypeSerializerSchemaCompatibility<?> arity = compatibility(
                serializerOf(Types.TUPLE(Types.STRING, Types.LONG)),
                serializerOf(Types.TUPLE(Types.STRING, Types.LONG, Types.LONG)));
        assertTrue(arity.isIncompatible());
        assertTrue(arity.reason().contains("Tuple2") && arity.reason().contains("Tuple3"), arity.reason());
        TypeSerializerSchemaCompatibility<?> subclass = compatibility(
                serializerOf(Types.TUPLE(Types.STRING, Types.INT)), serializerOf(Types.TUPLE(WordCount.class)));
        assertTrue(subclass.isIncompatible());
    }

    @Test
    void when_a_field_becomes_generic_then_it_is_compatible_after_migration_and_the_old_data_reads()
            throws IOException {
        // Given state written with a typed field
        TypeSerializer<Tuple2<String, Long>> before = serializerOf(Types.TUPLE(Types.STRING, Types.LONG));
        DataOutputSerializer out = new DataOutputSerializer(16);
        before.serialize(Tuple2.of("k", 7L), out);
        // When the field is now generic
        TupleSerializer<Tuple2<String, Object>> now = new TupleSerializer<>(castTuple2(), new TypeSerializer<?>[] {
                StringSerializer.INSTANCE, new KryoSerializer<>(Object.class, new SerializerConfig())});
        TypeSerializerSchemaCompatibility<?> result = compatibility(before, now);
        // Then migration reads the old data with the restored serializer
        assertTrue(result.isCompatibleAfterMigration(), result.toString());
        TypeSerializer<Tuple2<String, Long>> restored = SerializerTestBase.writeAndRead(
                before.snapshotConfiguration()).restoreSerializer();
        assertEquals(Tuple2.of("k", 7L), restored.deserialize(new DataInputDeserializer(out.toByteArray())));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Tuple2<String, Object>> castTuple2() {
        return (Class) Tuple2.class;
    }

    @Test
    void when_fields_are_null_then_only_the_mask_is_written_for_them() throws IOException {
        TupleSerializer<Tuple2<String, Long>> serializer = new TupleSerializer<>(castPair(),
                new TypeSerializer<?>[] {StringSerializer.INSTANCE, LongSerializer.INSTANCE});
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(new Tuple2<>(), out);
        assertEquals(1, out.length());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Tuple2<String, Long>> castPair() {
        return (Class) Tuple2.class;
    }
}
