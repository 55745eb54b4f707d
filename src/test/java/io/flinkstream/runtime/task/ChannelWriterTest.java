package io.flinkstream.runtime.task;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.UnserializableTypeException;
import io.flinkstream.runtime.network.RecordBatchDeserializer;
import io.flinkstream.runtime.network.frames.Credit;
import io.flinkstream.runtime.network.frames.EndOfPartition;
import io.flinkstream.runtime.network.frames.Frame;
import io.flinkstream.runtime.network.frames.RecordBatch;
import io.flinkstream.runtime.network.frames.SerializedBatch;
import io.flinkstream.runtime.network.RecordBatchSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credit accounting of the sending end of a channel, with a test probe as the receiving subtask. To see exactly
 * what was sent, the test thread sends a marker after its calls: messages from one sender arrive in order, so
 * everything before the marker is what the writer sent, with no waiting involved.
 */
class ChannelWriterTest {
    private static final ActorTestKit TEST_KIT = ActorTestKit.create();
    private static final int ATTEMPT = 3;
    private static final int CHANNEL = 5;
    private static final Frame MARKER = new Credit(-42, 0, 0, 0);

    private TestProbe<Frame> receiver;
    private OutputPressure pressure;

    @AfterAll
    static void stopTestKit() {
        TEST_KIT.shutdownTestKit();
    }

    @BeforeEach
    void newReceiver() {
        receiver = TEST_KIT.createTestProbe();
        pressure = new OutputPressure();
    }

    private ChannelWriter writer(int batchSize, boolean keyed) {
        return new ChannelWriter(receiver.ref(), ATTEMPT, CHANNEL, batchSize, keyed, pressure);
    }

    /** Everything the writer sent so far. */
    private List<Frame> sent() {
        receiver.ref().tell(MARKER);
        List<Frame> messages = new ArrayList<>();
        for (Frame m = receiver.receiveMessage(); m != MARKER; m = receiver.receiveMessage()) {
            messages.add(m);
        }
        return messages;
    }

    private static List<Object> recordsOf(Frame message) {
        RecordBatch batch = assertInstanceOf(RecordBatch.class, message);
        assertEquals(ATTEMPT, batch.attempt());
        assertEquals(CHANNEL, batch.channel());
        return Arrays.asList(batch.records()).subList(0, batch.size());
    }

    private static void addAll(ChannelWriter writer, int fromInclusive, int toExclusive) {
        IntStream.range(fromInclusive, toExclusive).forEach(writer::add);
    }

    @Test
    void given_no_credit_when_batches_fill_then_none_is_sent_and_the_output_is_blocked_once() {
        // Given
        ChannelWriter writer = writer(2, false);

        // When
        addAll(writer, 0, 6);

        // Then
        assertEquals(List.of(), sent());
        assertTrue(writer.hasPending());
        assertTrue(pressure.isBlocked());
        assertEquals(1, pressure.stalls(), "one stall per time the channel runs out of credit, not per batch");
        assertEquals(0, writer.batchesSent());
    }

    @Test
    void given_pending_batches_when_credit_arrives_then_as_many_are_sent_as_granted_in_order() {
        // Given
        ChannelWriter writer = writer(2, false);
        addAll(writer, 0, 6);

        // When
        writer.addCredit(2);
        List<Frame> afterTwo = sent();
        boolean blockedAfterTwo = pressure.isBlocked();
        writer.addCredit(1);
        List<Frame> afterThree = sent();

        // Then
        assertEquals(List.of(List.of(0, 1), List.of(2, 3)), afterTwo.stream().map(ChannelWriterTest::recordsOf).toList());
        assertTrue(blockedAfterTwo, "one batch still waits for credit");
        assertEquals(List.of(List.of(4, 5)), afterThree.stream().map(ChannelWriterTest::recordsOf).toList());
        assertFalse(pressure.isBlocked());
        assertFalse(writer.hasPending());
        assertEquals(3, writer.batchesSent());
    }

    @Test
    void given_some_credit_when_many_batches_fill_then_never_more_are_sent_than_granted() {
        // Given
        ChannelWriter writer = writer(4, false);
        writer.addCredit(3);

        // When
        addAll(writer, 0, 100);
        List<Frame> withThreeCredits = sent();
        writer.addCredit(100);
        List<Frame> rest = sent();

        // Then
        assertEquals(3, withThreeCredits.size());
        assertEquals(22, rest.size());
        List<Object> all = new ArrayList<>();
        withThreeCredits.forEach(m -> all.addAll(recordsOf(m)));
        rest.forEach(m -> all.addAll(recordsOf(m)));
        assertEquals(IntStream.range(0, 100).boxed().toList(), all, "every record once, in order");
        assertEquals(1, pressure.stalls());
    }

    @Test
    void given_credit_left_over_when_a_batch_fills_then_it_is_sent_at_once_without_blocking() {
        // Given
        ChannelWriter writer = writer(3, false);
        writer.addCredit(2);

        // When
        addAll(writer, 0, 6);

        // Then
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5)), sent().stream().map(ChannelWriterTest::recordsOf).toList());
        assertFalse(pressure.isBlocked());
        assertEquals(0, pressure.stalls());
    }

    @Test
    void given_pending_batches_when_an_event_is_sent_then_it_waits_behind_them() {
        // Given: one full batch and one partly filled batch, no credit
        ChannelWriter writer = writer(2, false);
        addAll(writer, 0, 3);
        EndOfPartition end = new EndOfPartition(ATTEMPT, CHANNEL);

        // When
        writer.flushAndSend(end);
        List<Frame> withoutCredit = sent();
        writer.addCredit(1);
        List<Frame> withOneCredit = sent();
        writer.addCredit(1);
        List<Frame> withTwoCredits = sent();

        // Then
        assertEquals(List.of(), withoutCredit);
        assertEquals(List.of(List.of(0, 1)), withOneCredit.stream().map(ChannelWriterTest::recordsOf).toList());
        assertEquals(2, withTwoCredits.size());
        assertEquals(List.of(2), recordsOf(withTwoCredits.get(0)));
        assertEquals(end, withTwoCredits.get(1), "the event comes after the last batch");
        assertFalse(pressure.isBlocked());
    }

    @Test
    void given_nothing_pending_when_an_event_is_sent_then_it_goes_at_once_without_credit() {
        // Given
        ChannelWriter writer = writer(8, false);
        EndOfPartition end = new EndOfPartition(ATTEMPT, CHANNEL);

        // When
        writer.flushAndSend(end);

        // Then
        assertEquals(List.of(end), sent());
        assertFalse(pressure.isBlocked());
    }

    @Test
    void when_flushing_a_partly_filled_batch_then_it_is_sent_only_if_credit_allows() {
        // Given
        ChannelWriter writer = writer(10, false);
        writer.addCredit(1);
        writer.add("first");

        // When
        boolean flushedWithCredit = writer.flushIfCredit();
        List<Frame> afterFirstFlush = sent();
        writer.add("second");
        boolean flushedWithoutCredit = writer.flushIfCredit();
        List<Frame> afterSecondFlush = sent();

        // Then
        assertTrue(flushedWithCredit);
        assertEquals(List.of(List.of("first")), afterFirstFlush.stream().map(ChannelWriterTest::recordsOf).toList());
        assertFalse(flushedWithoutCredit);
        assertEquals(List.of(), afterSecondFlush);
        assertTrue(writer.hasBufferedRecords(), "the record stays buffered");
        assertFalse(pressure.isBlocked(), "a partly filled batch does not block the task");
    }

    @Test
    void when_records_go_over_a_keyed_channel_then_each_batch_carries_their_keys_and_key_groups() {
        // Given
        ChannelWriter writer = writer(2, true);
        writer.addCredit(1);

        // When
        writer.add("r1", "k1", 17);
        writer.add("r2", "k2", 99);

        // Then
        RecordBatch batch = assertInstanceOf(RecordBatch.class, sent().get(0));
        assertEquals(List.of("r1", "r2"), Arrays.asList(batch.records()).subList(0, batch.size()));
        assertEquals(List.of("k1", "k2"), Arrays.asList(batch.keys()).subList(0, batch.size()));
        assertArrayEquals(new int[] {17, 99}, Arrays.copyOf(batch.keyGroups(), batch.size()));
    }

    @Test
    void when_records_go_over_an_unkeyed_channel_then_batches_carry_no_keys() {
        // Given
        ChannelWriter writer = writer(1, false);
        writer.addCredit(1);

        // When
        writer.add("r1");

        // Then
        RecordBatch batch = assertInstanceOf(RecordBatch.class, sent().get(0));
        assertNull(batch.keys());
        assertNull(batch.keyGroups());
    }

    private ChannelWriter serializingWriter(int batchSize, boolean keyed) {
        TypeSerializer<Object> longs = serializerOf(Types.LONG);
        return new ChannelWriter(receiver.ref(), ATTEMPT, CHANNEL, batchSize, keyed, pressure,
                new RecordBatchSerializer(longs, keyed, "the records of operator 'a' to 'b'"), "a", null);
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> serializerOf(TypeInformation<?> type) {
        return (TypeSerializer<Object>) type.createSerializer(new SerializerConfig());
    }

    private static List<Object> deserialized(Frame message, RecordBatchDeserializer reader)
            throws IOException {
        SerializedBatch batch = assertInstanceOf(SerializedBatch.class, message);
        assertEquals(ATTEMPT, batch.attempt());
        assertEquals(CHANNEL, batch.channel());
        int n = reader.deserialize(batch.batch());
        return new ArrayList<>(Arrays.asList(reader.records()).subList(0, n));
    }

    @Test
    void given_serialized_batches_when_credit_and_an_event_arrive_then_they_ship_as_bytes_in_the_same_order_and_count()
            throws IOException {
        // Given: five full batches and a partly filled one behind no credit, then an event
        ChannelWriter writer = serializingWriter(2, false);
        LongStream.range(0, 11).forEach(writer::add);
        EndOfPartition end = new EndOfPartition(ATTEMPT, CHANNEL);
        writer.flushAndSend(end);
        RecordBatchDeserializer reader = new RecordBatchDeserializer(serializerOf(Types.LONG), false, null);

        // When
        List<Frame> withoutCredit = sent();
        writer.addCredit(4);
        List<Frame> withFourCredits = sent();
        writer.addCredit(2);
        List<Frame> rest = sent();

        // Then
        assertEquals(List.of(), withoutCredit);
        assertEquals(4, withFourCredits.size());
        assertEquals(List.of(0L, 1L), deserialized(withFourCredits.get(0), reader));
        assertEquals(List.of(6L, 7L), deserialized(withFourCredits.get(3), reader));
        assertEquals(3, rest.size());
        assertEquals(List.of(10L), deserialized(rest.get(1), reader));
        assertEquals(end, rest.get(2), "the event comes after the last batch");
        assertEquals(6, writer.batchesSent());
        assertFalse(pressure.isBlocked());
        assertEquals(1, pressure.stalls());
    }

    @Test
    void given_serialized_keyed_batches_when_sent_then_key_groups_travel_with_the_records_and_keys_do_not()
            throws IOException {
        // Given
        ChannelWriter writer = serializingWriter(2, true);
        writer.addCredit(1);

        // When
        writer.add(10L, 1L, 17);
        writer.add(20L, 2L, 99);

        // Then
        TypeSerializer<Object> longs = serializerOf(Types.LONG);
        RecordBatchDeserializer reader = new RecordBatchDeserializer(longs, true, null);
        SerializedBatch batch = (SerializedBatch) sent().get(0);
        assertEquals(3 + 2 * (1 + 8), batch.batch().length(), "header, then a key group and a long per record");
        assertEquals(List.of(10L, 20L), deserialized(batch, reader));
        assertArrayEquals(new int[] {17, 99}, Arrays.copyOf(reader.keyGroups(), 2));
    }

    @Test
    void given_serialized_batches_when_a_record_cannot_be_written_then_the_producer_and_edge_are_named() {
        // Given
        ChannelWriter writer = serializingWriter(2, false);
        writer.addCredit(1);
        writer.add(1L);

        // When
        UserCodeException error = assertThrows(UserCodeException.class, () -> writer.add("not a long"));

        // Then
        assertEquals("a", error.operatorName());
        assertInstanceOf(UnserializableTypeException.class, error.getCause());
        assertTrue(error.getCause().getMessage().startsWith("In the records of operator 'a' to 'b', record 1 of a "
                + "batch (a record of java.lang.String)"), error.getCause().getMessage());
    }

    @Test
    void given_two_channels_sharing_the_output_pressure_when_both_block_then_the_task_stays_blocked_until_both_have_credit() {
        // Given
        ChannelWriter first = writer(1, false);
        ChannelWriter second = writer(1, false);
        first.add("a");
        second.add("b");

        // When
        boolean blockedByBoth = pressure.isBlocked();
        first.addCredit(1);
        boolean blockedBySecond = pressure.isBlocked();
        second.addCredit(1);

        // Then
        assertTrue(blockedByBoth);
        assertTrue(blockedBySecond, "the second channel still has a batch waiting");
        assertFalse(pressure.isBlocked());
        assertEquals(2, pressure.stalls());
        assertEquals(2, sent().size());
    }

    private ChannelWriter stringWriter(int maxRecords) {
        return new ChannelWriter(receiver.ref(), ATTEMPT, CHANNEL, maxRecords, false, pressure,
                new RecordBatchSerializer(serializerOf(Types.STRING), false, "the records of operator 'a' to 'b'"),
                "a", null);
    }

    private static List<Object> strings(Frame message) throws IOException {
        return deserialized(message, new RecordBatchDeserializer(serializerOf(Types.STRING), false, null));
    }

    @Test
    void given_a_byte_target_when_records_are_added_then_each_serialized_batch_ships_once_it_holds_that_many_bytes()
            throws IOException {
        // Given: batches of at most 1,000 records or 100 bytes; a Long is 8 bytes
        ChannelWriter writer = serializingWriter(1_000, false);
        writer.targetBatchBytes(100);
        writer.addCredit(10);

        // When
        LongStream.range(0, 30).forEach(writer::add);
        List<Frame> full = sent();
        assertTrue(writer.flushIfCredit());

        // Then: 13 records (104 bytes) a batch, the rest at the flush
        RecordBatchDeserializer reader = new RecordBatchDeserializer(serializerOf(Types.LONG), false, null);
        assertEquals(2, full.size());
        assertEquals(LongStream.range(0, 13).boxed().toList(), deserialized(full.get(0), reader));
        assertEquals(LongStream.range(13, 26).boxed().toList(), deserialized(full.get(1), reader));
        assertEquals(LongStream.range(26, 30).boxed().toList(), deserialized(sent().get(0), reader));
    }

    @Test
    void given_a_batch_limit_when_a_record_would_take_its_batch_past_it_then_the_batch_ships_without_it()
            throws IOException {
        // Given: a limit of 1,000 bytes, small records and then one of 900 bytes
        ChannelWriter writer = stringWriter(1_000);
        writer.limitBatchBytes(1_000, "some.frame-size");
        writer.addCredit(10);
        String large = "L".repeat(900);

        // When
        writer.add("one");
        writer.add("two".repeat(50));
        writer.add(large);
        List<Frame> beforeFlush = sent();
        writer.add("three");
        assertTrue(writer.flushIfCredit());

        // Then: the small ones went ahead of the large one, which leads the next batch; nothing lost or reordered
        assertEquals(1, beforeFlush.size());
        assertEquals(List.of("one", "two".repeat(50)), strings(beforeFlush.get(0)));
        List<Frame> rest = sent();
        assertEquals(1, rest.size());
        assertEquals(List.of(large, "three"), strings(rest.get(0)));
        assertTrue(((SerializedBatch) rest.get(0)).batch().length() <= 1_000);
    }

    @Test
    void given_a_batch_limit_when_one_record_alone_is_larger_then_the_job_fails_naming_the_setting_and_its_size() {
        // Given
        ChannelWriter writer = stringWriter(1_000);
        writer.limitBatchBytes(1_000, "some.frame-size");
        writer.addCredit(10);
        writer.add("small");

        // When
        UserCodeException error = assertThrows(UserCodeException.class, () -> writer.add("H".repeat(2_000)));

        // Then: no restarts (the same record would fail again) and the message says what to raise
        assertEquals("a", error.operatorName());
        assertTrue(io.flinkstream.api.SuppressRestartsException.isIn(error), String.valueOf(error.getCause()));
        String message = error.getCause().getMessage();
        assertTrue(message.contains("A record from operator 'a' to another node is 200"), message);
        assertTrue(message.contains("Raise some.frame-size on every node"), message);
    }

    @Test
    void given_a_serializing_channel_when_an_emitted_object_changes_afterwards_then_the_batch_keeps_what_was_emitted()
            throws IOException {
        // Given: a mutable record, emitted and then changed before its batch ships
        TypeSerializer<Object> lists = serializerOf(Types.LIST(Types.INT));
        ChannelWriter writer = new ChannelWriter(receiver.ref(), ATTEMPT, CHANNEL, 1_000, false, pressure,
                new RecordBatchSerializer(lists, false, "lists"), "a", null);
        writer.addCredit(1);
        List<Integer> reused = new ArrayList<>(List.of(1, 2));

        // When
        writer.add(reused);
        reused.add(3);
        writer.add(reused);
        assertTrue(writer.flushIfCredit());

        // Then
        assertEquals(List.of(List.of(1, 2), List.of(1, 2, 3)),
                deserialized(sent().get(0), new RecordBatchDeserializer(lists, false, null)));
    }
}
