package io.flinkstream.breakit;

import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputSerializer;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;
import io.flinkstream.api.typeutils.base.StringSerializer;
import io.flinkstream.api.typeutils.runtime.UnserializableTypeException;
import io.flinkstream.runtime.network.RecordBatchDeserializer;
import io.flinkstream.runtime.network.RecordBatchSerializer;
import io.flinkstream.runtime.network.SerializedRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks the record-by-record batch writer: appends that fail half-way through a record, {@code takeAllButLast} at
 * its edges, {@code DataOutputSerializer.setPosition} out of bounds, and odd but legal records (empty strings, nulls
 * inside tuples). Every batch taken is read back with the edge's deserializer, which refuses trailing or missing
 * bytes, so a leftover half record would show.
 */
class BreakRecordBatchSerializerTest {

    /** How {@link PartialWriter} fails once it has written half a record. */
    enum Failure { RUNTIME, IO, ERROR, STACK_OVERFLOW }

    /**
     * Writes strings as {@link StringSerializer} does, except a string starting with "bad": it writes the string's
     * length and a few bytes, then fails as told — a serializer that leaves half a record behind.
     */
    static final class PartialWriter extends TypeSerializer<Object> {
        private final Failure failure;

        PartialWriter(Failure failure) {
            this.failure = failure;
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<Object> duplicate() {
            return this;
        }

        @Override
        public Object createInstance() {
            return "";
        }

        @Override
        public Object copy(Object from) {
            return from;
        }

        @Override
        public void serialize(Object record, DataOutputView target) throws IOException {
            String s = (String) record;
            if (s.startsWith("bad")) {
                target.writeVarInt(1_000);
                for (int i = 0; i < 300; i++) { // past the writer's first buffer: it grows meanwhile
                    target.writeByte('x');
                }
                switch (failure) {
                    case RUNTIME -> throw new IllegalStateException("cannot write " + s);
                    case IO -> throw new IOException("cannot write " + s);
                    case ERROR -> throw new AssertionError("cannot write " + s);
                    case STACK_OVERFLOW -> throw new StackOverflowError("cannot write " + s);
                    default -> throw new IllegalArgumentException(String.valueOf(failure));
                }
            }
            StringSerializer.writeString(s, target);
        }

        @Override
        public Object deserialize(DataInputView source) throws IOException {
            return StringSerializer.readString(source);
        }

        @Override
        public TypeSerializerSnapshot<Object> snapshotConfiguration() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean equals(Object obj) {
            return obj == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> serializerOf(TypeInformation<?> type) {
        return (TypeSerializer<Object>) type.createSerializer(new SerializerConfig());
    }

    private static final TypeSerializer<Object> STRINGS = serializerOf(Types.STRING);

    private static List<Object> read(SerializedRecordBatch batch, RecordBatchDeserializer reader) throws IOException {
        int n = reader.deserialize(batch);
        return new ArrayList<>(Arrays.asList(reader.records()).subList(0, n));
    }

    private static List<Object> readStrings(SerializedRecordBatch batch) throws IOException {
        return read(batch, new RecordBatchDeserializer(STRINGS, false, null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RUNTIME", "IO", "ERROR", "STACK_OVERFLOW"})
    void given_records_appended_when_a_record_fails_half_written_then_the_batch_holds_exactly_the_earlier_records(
            String failure) throws IOException {
        // Given
        RecordBatchSerializer writer = new RecordBatchSerializer(new PartialWriter(Failure.valueOf(failure)), false,
                "the records of operator 'a' to 'b'");
        writer.append("one");
        writer.append("");
        int bytesBefore = writer.appendedBytes();
        int lastBefore = writer.lastRecordBytes();

        // When
        Throwable error = assertThrows(Throwable.class, () -> writer.append("bad one"));

        // Then: as before the failed append, and the writer goes on as if it never happened
        assertTrue(error instanceof UnserializableTypeException || error instanceof Error, String.valueOf(error));
        assertEquals(2, writer.appendedRecords());
        assertEquals(bytesBefore, writer.appendedBytes(), "bytes of the half record were left in the batch");
        assertEquals(lastBefore, writer.lastRecordBytes());
        writer.append("three");
        assertEquals(List.of("one", "", "three"), readStrings(writer.take()));
    }

    @Test
    void given_a_keyed_batch_when_the_record_fails_after_its_key_group_was_written_then_nothing_of_it_stays()
            throws IOException {
        // Given: the key group (a varint) is written before the record, which fails half-written
        RecordBatchSerializer writer = new RecordBatchSerializer(new PartialWriter(Failure.RUNTIME), true, "edge");
        writer.append("r1", 300);

        // When
        assertThrows(UnserializableTypeException.class, () -> writer.append("bad record", 7));
        writer.append("r3", 127);

        // Then
        RecordBatchDeserializer reader = new RecordBatchDeserializer(STRINGS, true, null);
        assertEquals(List.of("r1", "r3"), read(writer.take(), reader));
        assertArrayEquals(new int[] {300, 127}, Arrays.copyOf(reader.keyGroups(), 2));
    }

    @Test
    void given_only_a_failed_append_when_the_batch_is_taken_then_it_is_empty_and_readable() throws IOException {
        RecordBatchSerializer writer = new RecordBatchSerializer(new PartialWriter(Failure.RUNTIME), false, "edge");

        assertThrows(UnserializableTypeException.class, () -> writer.append("bad first"));

        assertEquals(0, writer.appendedRecords());
        assertEquals(0, writer.lastRecordBytes());
        assertEquals(List.of(), readStrings(writer.take()));
    }

    @Test
    void when_fewer_than_two_records_are_appended_then_take_all_but_last_refuses_and_leaves_the_batch_alone()
            throws IOException {
        RecordBatchSerializer writer = new RecordBatchSerializer(STRINGS, false, "edge");

        // Nothing appended, then one record
        assertThrows(IllegalStateException.class, writer::takeAllButLast);
        writer.append("only");
        IllegalStateException one = assertThrows(IllegalStateException.class, writer::takeAllButLast);

        assertTrue(one.getMessage().contains("there are 1"), one.getMessage());
        assertEquals(List.of("only"), readStrings(writer.take()));
    }

    @Test
    void given_a_record_larger_than_the_rest_when_all_but_it_are_taken_then_it_leads_the_next_batch_intact()
            throws IOException {
        // Given: the last record is much larger than the ones before (its bytes move to the front, overlapping)
        RecordBatchSerializer writer = new RecordBatchSerializer(STRINGS, false, "edge");
        String large = "L".repeat(5_000) + "end";
        writer.append("a");
        writer.append("bb");
        writer.append(large);

        // When
        SerializedRecordBatch first = writer.takeAllButLast();
        int lastBytes = writer.lastRecordBytes();
        writer.append("after");
        SerializedRecordBatch second = writer.take();

        // Then
        assertEquals(List.of("a", "bb"), readStrings(first));
        assertEquals(5_003 + 2, lastBytes, "a 5,003-char string: a two-byte length and its chars");
        assertEquals(List.of(large, "after"), readStrings(second));
    }

    @Test
    void when_all_but_last_is_taken_twice_in_a_row_then_each_batch_holds_its_records_once() throws IOException {
        RecordBatchSerializer writer = new RecordBatchSerializer(STRINGS, false, "edge");
        writer.append("1");
        writer.append("2");
        SerializedRecordBatch a = writer.takeAllButLast();
        writer.append("3");
        SerializedRecordBatch b = writer.takeAllButLast();
        // Only "3" is left: a third time must refuse
        assertThrows(IllegalStateException.class, writer::takeAllButLast);
        SerializedRecordBatch c = writer.take();
        SerializedRecordBatch empty = writer.take();

        assertEquals(List.of("1"), readStrings(a));
        assertEquals(List.of("2"), readStrings(b));
        assertEquals(List.of("3"), readStrings(c));
        assertEquals(List.of(), readStrings(empty));
    }

    @Test
    void given_a_keyed_batch_when_all_but_last_is_taken_then_the_last_record_keeps_its_key_group()
            throws IOException {
        RecordBatchSerializer writer = new RecordBatchSerializer(STRINGS, true, "edge");
        writer.append("r1", 1);
        writer.append("", 32_767);

        SerializedRecordBatch first = writer.takeAllButLast();
        SerializedRecordBatch rest = writer.take();

        RecordBatchDeserializer reader = new RecordBatchDeserializer(STRINGS, true, null);
        assertEquals(List.of("r1"), read(first, reader));
        assertEquals(List.of(""), read(rest, reader));
        assertEquals(32_767, reader.keyGroups()[0]);
    }

    @Test
    void given_tuples_with_empty_strings_and_nulls_when_appended_one_by_one_then_they_read_back_equal()
            throws IOException {
        // Given: Tuple2<String, Long>; a null field is legal only where the field's serializer allows it
        TypeSerializer<Object> tuples = serializerOf(new TypeHint<Tuple2<String, Long>>() { }.getTypeInfo());
        RecordBatchSerializer writer = new RecordBatchSerializer(tuples, false, "edge");
        List<Object> records = List.of(Tuple2.of("", 0L), Tuple2.of("x", Long.MIN_VALUE), Tuple2.of("", -1L));
        Tuple2<String, Long> withNull = Tuple2.of(null, 5L);

        // When
        records.forEach(writer::append);
        boolean nullWritten;
        try {
            writer.append(withNull);
            nullWritten = true;
        } catch (UnserializableTypeException e) {
            nullWritten = false;
        }

        // Then: the batch holds the records, and the one with a null either whole or not at all
        List<Object> expected = new ArrayList<>(records);
        if (nullWritten) {
            expected.add(withNull);
        }
        assertEquals(expected, read(writer.take(), new RecordBatchDeserializer(tuples, false, null)));
    }

    @Test
    void when_the_position_is_set_outside_what_was_written_then_it_is_refused_and_nothing_changes() {
        DataOutputSerializer out = new DataOutputSerializer(4);
        out.writeByte(1);
        out.writeByte(2);
        out.writeByte(3);

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> out.setPosition(-1));
        assertThrows(IllegalArgumentException.class, () -> out.setPosition(4));
        assertThrows(IllegalArgumentException.class, () -> out.setPosition(Integer.MIN_VALUE));

        assertTrue(negative.getMessage().contains("between 0 and 3") && negative.getMessage().contains("-1"),
                negative.getMessage());
        assertEquals(3, out.length());
        assertArrayEquals(new byte[] {1, 2, 3}, out.toByteArray());
    }

    @Test
    void when_the_position_is_set_back_then_the_next_writes_replace_what_followed_it() {
        DataOutputSerializer out = new DataOutputSerializer(1);
        out.writeByte(1);
        out.writeByte(2);
        out.writeByte(3);

        out.setPosition(3); // where it is: nothing changes
        out.setPosition(1);
        out.writeByte(9);
        out.setPosition(0);
        out.setPosition(0);

        assertEquals(0, out.length());
        out.writeByte(7);
        assertArrayEquals(new byte[] {7}, out.toByteArray());
    }
}
