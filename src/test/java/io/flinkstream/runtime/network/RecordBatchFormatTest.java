package io.flinkstream.runtime.network;

import io.flinkstream.api.SuppressRestartsException;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.UnserializableTypeException;
import io.flinkstream.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record batch format: round trips of keyed and non-keyed batches, and clear failures on bad bytes. */
class RecordBatchFormatTest {
    private static final String EDGE = "the records of operator 'Map' to 'Sink'";
    private static final int MAX_PARALLELISM = 128;

    @SuppressWarnings("unchecked")
    static <T> TypeSerializer<Object> serializerOf(TypeInformation<T> type) {
        return (TypeSerializer<Object>) type.createSerializer(new SerializerConfig());
    }

    static final TypeSerializer<Object> LONGS = serializerOf(Types.LONG);
    static final TypeSerializer<Object> STRINGS = serializerOf(Types.STRING);
    static final TypeSerializer<Object> PAIRS = serializerOf(new TypeHint<Tuple2<Long, Long>>() { }
            .getTypeInfo());
    static final TypeSerializer<Object> PLAYERS = serializerOf(Types.POJO(Player.class));

    /** A batch as the sending channel holds it: records, their keys and key groups. */
    private record Batch(Object[] records, Object[] keys, int[] keyGroups, int size) {
        static Batch of(int size, LongFunction<Object> record, LongFunction<Object> key) {
            Object[] records = new Object[size];
            Object[] keys = key == null ? null : new Object[size];
            int[] keyGroups = key == null ? null : new int[size];
            for (int i = 0; i < size; i++) {
                records[i] = record.apply(i);
                if (key != null) {
                    keys[i] = key.apply(i);
                    keyGroups[i] = KeyGroupRangeAssignment.assignToKeyGroup(keys[i], MAX_PARALLELISM);
                }
            }
            return new Batch(records, keys, keyGroups, size);
        }

        SerializedRecordBatch write(RecordBatchSerializer writer) {
            return writer.serialize(records, keyGroups, size);
        }
    }

    private static void assertRoundTrip(TypeSerializer<Object> records, boolean keyed, Batch batch)
            throws IOException {
        // Given
        RecordBatchSerializer writer = new RecordBatchSerializer(records, keyed, EDGE);
        RecordBatchDeserializer reader = new RecordBatchDeserializer(records, keyed, EDGE);

        // When
        SerializedRecordBatch bytes = batch.write(writer);
        int count = reader.deserialize(bytes);

        // Then
        assertEquals(batch.size(), count);
        assertEquals(Arrays.asList(batch.records()), Arrays.asList(reader.records()).subList(0, count));
        SerializedRecordBatch.Header header = bytes.header();
        assertEquals(SerializedRecordBatch.FORMAT_VERSION, header.formatVersion());
        assertEquals(batch.size(), header.recordCount());
        assertEquals(keyed, header.keyed());
        if (keyed) {
            assertArrayEquals(batch.keyGroups(), Arrays.copyOf(reader.keyGroups(), count));
        }
    }

    @Test
    void when_longs_go_unkeyed_then_they_come_back_equal() throws IOException {
        assertRoundTrip(LONGS, false, Batch.of(100, i -> i * 1_000_000_007L, null));
    }

    @Test
    void when_strings_go_keyed_by_their_length_then_records_and_key_groups_come_back() throws IOException {
        assertRoundTrip(STRINGS, true, Batch.of(50, i -> "s" + "x".repeat((int) i) + "é€",
                i -> (int) i + 3));
    }

    @Test
    void when_tuples_go_keyed_by_f0_then_they_come_back_equal() throws IOException {
        assertRoundTrip(PAIRS, true, Batch.of(1024, i -> Tuple2.of(i % 17, i), i -> i % 17));
    }

    @Test
    void when_pojos_go_keyed_and_unkeyed_then_they_come_back_equal() throws IOException {
        assertRoundTrip(PLAYERS, false, Batch.of(300, Player::number, null));
        assertRoundTrip(PLAYERS, true, Batch.of(300, Player::number, i -> i));
    }

    @Test
    void when_a_batch_is_empty_then_it_is_a_three_byte_header_and_reads_as_no_records() throws IOException {
        // Given
        RecordBatchSerializer writer = new RecordBatchSerializer(LONGS, true, EDGE);

        // When
        SerializedRecordBatch empty = writer.serialize(new Object[4], new int[4], 0);

        // Then
        assertArrayEquals(new byte[] {SerializedRecordBatch.FORMAT_VERSION, SerializedRecordBatch.FLAG_KEYED, 0},
                empty.bytes());
        assertEquals(0, new RecordBatchDeserializer(LONGS, true, EDGE).deserialize(empty));
    }

    @Test
    void when_longs_go_keyed_then_each_record_is_its_key_group_and_its_eight_bytes_without_the_key()
            throws IOException {
        // Given: key groups 3 and 130 (a one- and a two-byte varint)
        RecordBatchSerializer writer = new RecordBatchSerializer(LONGS, true, EDGE);

        // When
        SerializedRecordBatch batch = writer.serialize(new Object[] {7L, -1L}, new int[] {3, 130}, 2);

        // Then
        assertArrayEquals(new byte[] {SerializedRecordBatch.FORMAT_VERSION, SerializedRecordBatch.FLAG_KEYED, 2,
                3, 0, 0, 0, 0, 0, 0, 0, 7,
                (byte) 0x82, 1, -1, -1, -1, -1, -1, -1, -1, -1}, batch.bytes());
        RecordBatchDeserializer reader = new RecordBatchDeserializer(LONGS, true, EDGE);
        assertEquals(2, reader.deserialize(batch));
        assertEquals(List.of(7L, -1L), Arrays.asList(reader.records()).subList(0, 2));
        assertArrayEquals(new int[] {3, 130}, Arrays.copyOf(reader.keyGroups(), 2));
    }

    @Test
    void given_a_reader_when_batches_of_different_sizes_follow_then_the_arrays_are_reused_and_old_records_dropped()
            throws IOException {
        // Given
        RecordBatchSerializer writer = new RecordBatchSerializer(LONGS, false, EDGE);
        RecordBatchDeserializer reader = new RecordBatchDeserializer(LONGS, false, EDGE);
        reader.deserialize(Batch.of(10, i -> i, null).write(writer));
        Object[] arrayOfTen = reader.records();

        // When
        int count = reader.deserialize(Batch.of(4, i -> 100 + i, null).write(writer));

        // Then
        assertSame(arrayOfTen, reader.records(), "a smaller batch reuses the array");
        assertEquals(List.of(100L, 101L, 102L, 103L), Arrays.asList(reader.records()).subList(0, count));
        assertNull(reader.records()[4], "the previous batch's records are not held");
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @ValueSource(ints = {0, 1, 2, 3, 10, 200})
    void when_a_batch_is_truncated_then_reading_fails_naming_the_edge(int length) throws IOException {
        // Given
        byte[] whole = Batch.of(20, i -> Tuple2.of(i, i), i -> i).write(new RecordBatchSerializer(PAIRS, true, EDGE))
                .bytes();
        SerializedRecordBatch cut = new SerializedRecordBatch(Arrays.copyOf(whole, Math.min(length, whole.length - 1)));

        // When
        IOException error = assertThrows(IOException.class,
                () -> new RecordBatchDeserializer(PAIRS, true, EDGE).deserialize(cut));

        // Then
        assertTrue(error.getMessage().startsWith("The record batch of " + EDGE + " cannot be read"), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void when_a_batch_has_another_format_version_then_reading_says_so() {
        byte[] bytes = Batch.of(2, i -> i, null).write(new RecordBatchSerializer(LONGS, false, EDGE)).bytes();
        bytes[0] = 7;

        IOException error = assertThrows(IOException.class,
                () -> new RecordBatchDeserializer(LONGS, false, EDGE).deserialize(new SerializedRecordBatch(bytes)));

        assertTrue(error.getMessage().contains("format version 7"), error.getMessage());
    }

    @Test
    void when_a_batch_has_unknown_flags_or_trailing_bytes_then_reading_fails_as_corrupt() {
        // Given
        byte[] valid = Batch.of(2, i -> i, null).write(new RecordBatchSerializer(LONGS, false, EDGE)).bytes();
        byte[] flags = valid.clone();
        flags[1] = 0x40;
        byte[] trailing = Arrays.copyOf(valid, valid.length + 2);
        RecordBatchDeserializer reader = new RecordBatchDeserializer(LONGS, false, EDGE);

        // When
        IOException badFlags = assertThrows(IOException.class,
                () -> reader.deserialize(new SerializedRecordBatch(flags)));
        IOException extraBytes = assertThrows(IOException.class,
                () -> reader.deserialize(new SerializedRecordBatch(trailing)));

        // Then
        assertTrue(badFlags.getMessage().contains("unknown flags 0x40"), badFlags.getMessage());
        assertTrue(extraBytes.getMessage().contains("2 bytes follow its last record"), extraBytes.getMessage());
    }

    @Test
    void when_a_batch_claims_a_huge_record_count_then_reading_fails_without_allocating_it() {
        // Given: version, no flags, count Integer.MAX_VALUE, then a single long
        byte[] bytes = {SerializedRecordBatch.FORMAT_VERSION, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0, 0, 0, 0, 0, 0, 0, 1};

        // When
        IOException error = assertThrows(IOException.class,
                () -> new RecordBatchDeserializer(LONGS, false, EDGE).deserialize(new SerializedRecordBatch(bytes)));

        // Then
        assertTrue(error.getMessage().contains("truncated at record 1 of 2147483647"), error.getMessage());
        assertInstanceOf(EOFException.class, error.getCause());
    }

    @Test
    void when_a_keyed_batch_reaches_an_unkeyed_reader_then_reading_fails_naming_the_mismatch() {
        SerializedRecordBatch keyed = Batch.of(3, i -> i, i -> i).write(new RecordBatchSerializer(LONGS, true, null));

        IOException error = assertThrows(IOException.class,
                () -> new RecordBatchDeserializer(LONGS, false, null).deserialize(keyed));

        assertTrue(error.getMessage().contains("the batch is keyed, but the edge is not keyed"), error.getMessage());
    }

    @Test
    void when_a_record_cannot_be_written_then_the_failure_names_the_edge_and_record_class_and_suppresses_restarts()
            throws IOException {
        // Given: the Long serializer handed a String, as when a function's declared type lies
        RecordBatchSerializer writer = new RecordBatchSerializer(LONGS, false, EDGE);
        Object[] records = {1L, 2L, "three"};

        // When
        UnserializableTypeException error = assertThrows(UnserializableTypeException.class,
                () -> writer.serialize(records, 3));

        // Then
        assertInstanceOf(SuppressRestartsException.class, error);
        assertTrue(error.getMessage().startsWith("In " + EDGE + ", record 2 of a batch (a record of java.lang.String)"),
                error.getMessage());
        assertEquals(String.class.getName(), error.valueClass());
        // And the writer still works afterwards
        assertEquals(2, writer.serialize(new Object[] {4L, 5L}, 2).header().recordCount());
    }

    @Test
    void given_the_generic_serializer_when_a_record_holds_an_unwritable_value_then_the_failure_names_the_edge() {
        // Given
        TypeSerializer<Object> generic = serializerOf(Types.GENERIC(Object.class));
        RecordBatchSerializer writer = new RecordBatchSerializer(generic, false, EDGE);
        Object[] records = {List.of(1, 2), Thread.currentThread()};

        // When
        SuppressRestartsException error = assertThrows(SuppressRestartsException.class,
                () -> writer.serialize(records, 2));

        // Then
        assertTrue(error.getMessage().startsWith("In " + EDGE + ", record 1 of a batch (a record of "
                + Thread.class.getName() + ")"), error.getMessage());
    }
}
