package io.flinkstream.runtime.task;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.flinkstream.api.SuppressRestartsException;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.runtime.network.RecordBatchDeserializer;
import io.flinkstream.runtime.network.RecordBatchSerializer;
import io.flinkstream.runtime.network.frames.Credit;
import io.flinkstream.runtime.network.frames.EndOfPartition;
import io.flinkstream.runtime.network.frames.Frame;
import io.flinkstream.runtime.network.frames.SerializedBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks the byte-bounded serialized batches of a channel: records whose size straddles the ship target and the
 * frame limit by one byte, a too-large or unwritable record that the emitting code catches (legal: a flat map may
 * guard its {@code collect}), and splits while the channel has no credit. Here, not in {@code breakit}: the writer is
 * package-private. Strings of n ASCII chars (n + 1 < 128) serialize to n + 1 bytes.
 */
class BreakChannelWriterTest {
    private static final ActorTestKit TEST_KIT = ActorTestKit.create();
    private static final int ATTEMPT = 1;
    private static final int CHANNEL = 2;
    private static final Frame MARKER = new Credit(-42, 0, 0, 0);
    private static final TypeSerializer<Object> STRINGS = strings();

    private TestProbe<Frame> receiver;
    private OutputPressure pressure;

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> strings() {
        return (TypeSerializer<Object>) (TypeSerializer<?>) Types.STRING.createSerializer(new SerializerConfig());
    }

    @AfterAll
    static void stopTestKit() {
        TEST_KIT.shutdownTestKit();
    }

    @BeforeEach
    void newReceiver() {
        receiver = TEST_KIT.createTestProbe();
        pressure = new OutputPressure();
    }

    private ChannelWriter writer(int maxRecords) {
        return new ChannelWriter(receiver.ref(), ATTEMPT, CHANNEL, maxRecords, false, pressure,
                new RecordBatchSerializer(STRINGS, false, "the records of operator 'a' to 'b'"), "a", null);
    }

    /** The records of every batch sent so far, batch by batch; events as their class name. */
    private List<List<Object>> sent() throws IOException {
        receiver.ref().tell(MARKER);
        List<List<Object>> batches = new ArrayList<>();
        RecordBatchDeserializer reader = new RecordBatchDeserializer(STRINGS, false, null);
        for (Frame m = receiver.receiveMessage(); m != MARKER; m = receiver.receiveMessage()) {
            if (m instanceof SerializedBatch batch) {
                assertEquals(CHANNEL, batch.channel());
                int n = reader.deserialize(batch.batch());
                batches.add(new ArrayList<>(Arrays.asList(reader.records()).subList(0, n)));
            } else {
                batches.add(List.of(m.getClass().getSimpleName()));
            }
        }
        return batches;
    }

    /** An ASCII string that serializes to exactly {@code bytes} bytes (1 to 127). */
    private static String ofBytes(int bytes, char c) {
        return String.valueOf(c).repeat(bytes - 1);
    }

    @Test
    void given_a_byte_target_when_records_end_one_byte_short_of_at_and_past_it_then_batches_ship_exactly_there()
            throws IOException {
        // Given: ship at 100 bytes
        ChannelWriter writer = writer(1_000);
        writer.targetBatchBytes(100);
        writer.addCredit(10);

        // When: 99 bytes (stays), +1 = 100 (ships); 100 alone (ships); 50 + 51 = 101 (ships after the second)
        writer.add(ofBytes(99, 'a'));
        List<List<Object>> after99 = sent();
        writer.add(ofBytes(1, 'b'));
        List<List<Object>> at100 = sent();
        writer.add(ofBytes(100, 'c'));
        writer.add(ofBytes(50, 'd'));
        writer.add(ofBytes(51, 'e'));
        List<List<Object>> rest = sent();

        // Then
        assertEquals(List.of(), after99, "99 bytes is under the target");
        assertEquals(List.of(List.of(ofBytes(99, 'a'), "")), at100);
        assertEquals(List.of(List.of(ofBytes(100, 'c')), List.of(ofBytes(50, 'd'), ofBytes(51, 'e'))), rest);
        assertFalse(writer.hasBufferedRecords());
    }

    @Test
    void given_a_frame_limit_when_records_fill_it_exactly_or_pass_it_by_one_byte_then_splits_are_exact()
            throws IOException {
        // Given: a limit of 100 bytes of records, and a target above it (capped to the limit)
        ChannelWriter writer = writer(1_000);
        writer.targetBatchBytes(1_000);
        writer.limitBatchBytes(100, "some.frame-size");
        writer.addCredit(10);

        // When: 60 + 40 = 100 exactly; then 60 + 41 = 101, one byte past; then a record of exactly the limit
        writer.add(ofBytes(60, 'a'));
        writer.add(ofBytes(40, 'b'));
        writer.add(ofBytes(60, 'c'));
        writer.add(ofBytes(41, 'd'));
        writer.add(ofBytes(100, 'e'));
        List<List<Object>> batches = sent();
        assertTrue(writer.flushIfCredit());
        List<List<Object>> flushed = sent();

        // Then: the one-byte-over batch shipped without its last record, which led the next one
        assertEquals(List.of(List.of(ofBytes(60, 'a'), ofBytes(40, 'b')), List.of(ofBytes(60, 'c')),
                List.of(ofBytes(41, 'd')), List.of(ofBytes(100, 'e'))), batches);
        assertEquals(List.of(), flushed);
    }

    @Test
    void given_a_frame_limit_when_a_record_passes_it_by_one_byte_then_the_job_fails_naming_its_size() {
        ChannelWriter writer = writer(1_000);
        writer.limitBatchBytes(100, "some.frame-size");
        writer.addCredit(10);

        UserCodeException error = assertThrows(UserCodeException.class, () -> writer.add(ofBytes(101, 'x')));

        assertTrue(SuppressRestartsException.isIn(error));
        assertTrue(error.getCause().getMessage().contains("is 101 bytes serialized, more than the 100 bytes"),
                error.getCause().getMessage());
    }

    @Test
    void given_records_buffered_when_a_too_large_record_is_emitted_and_the_emitter_catches_it_then_none_is_lost()
            throws IOException {
        // Given: two small records waiting in the batch; the emitting code guards its collect (legal user code)
        ChannelWriter writer = writer(1_000);
        writer.limitBatchBytes(1_000, "some.frame-size");
        writer.addCredit(10);
        writer.add("one");
        writer.add("two");

        // When
        assertThrows(UserCodeException.class, () -> writer.add("H".repeat(2_000)));
        writer.add("three");
        assertTrue(writer.flushIfCredit());

        // Then: the records before the refused one went out, in order, once
        List<Object> all = sent().stream().flatMap(List::stream).toList();
        assertEquals(List.of("one", "two", "three"), all);
    }

    @Test
    void given_records_buffered_when_an_unwritable_record_is_emitted_and_caught_then_the_batch_is_exactly_the_others()
            throws IOException {
        // Given: a generic (Kryo-like) edge that cannot write a Thread
        @SuppressWarnings("unchecked")
        TypeSerializer<Object> objects = (TypeSerializer<Object>) (TypeSerializer<?>) Types.GENERIC(Object.class)
                .createSerializer(new SerializerConfig());
        ChannelWriter writer = new ChannelWriter(receiver.ref(), ATTEMPT, CHANNEL, 1_000, false, pressure,
                new RecordBatchSerializer(objects, false, "edge"), "a", null);
        writer.addCredit(1);
        writer.add(new ArrayList<>(List.of("a", 1)));

        // When
        assertThrows(UserCodeException.class, () -> writer.add(List.of("b", Thread.currentThread())));
        writer.add(new ArrayList<>(List.of("c", 3)));
        assertTrue(writer.flushIfCredit());

        // Then
        receiver.ref().tell(MARKER);
        SerializedBatch batch = assertInstanceOf(SerializedBatch.class, receiver.receiveMessage());
        RecordBatchDeserializer reader = new RecordBatchDeserializer(objects, false, null);
        int n = reader.deserialize(batch.batch());
        assertEquals(List.of(List.of("a", 1), List.of("c", 3)), Arrays.asList(reader.records()).subList(0, n));
        assertEquals(MARKER, receiver.receiveMessage());
    }

    @Test
    void given_no_credit_when_a_record_splits_its_batch_then_both_parts_wait_and_go_in_order_with_the_end_behind()
            throws IOException {
        // Given: no credit at all
        ChannelWriter writer = writer(1_000);
        writer.limitBatchBytes(100, "some.frame-size");
        writer.add(ofBytes(70, 'a'));
        writer.add(ofBytes(70, 'b')); // splits: "a" waits for credit
        writer.add(ofBytes(70, 'c')); // splits again: "b" waits behind it
        writer.flushAndSend(new EndOfPartition(ATTEMPT, CHANNEL));

        // When
        List<List<Object>> withoutCredit = sent();
        boolean blocked = pressure.isBlocked();
        writer.addCredit(2);
        List<List<Object>> afterTwo = sent();
        writer.addCredit(1);
        List<List<Object>> afterThree = sent();

        // Then
        assertEquals(List.of(), withoutCredit);
        assertTrue(blocked);
        assertEquals(List.of(List.of(ofBytes(70, 'a')), List.of(ofBytes(70, 'b'))), afterTwo);
        assertEquals(List.of(List.of(ofBytes(70, 'c')), List.of("EndOfPartition")), afterThree);
        assertFalse(pressure.isBlocked());
        assertEquals(1, pressure.stalls());
    }

    @Test
    void given_a_record_count_bound_when_tiny_records_never_reach_the_byte_target_then_batches_ship_by_count()
            throws IOException {
        ChannelWriter writer = writer(3);
        writer.addCredit(10);

        for (int i = 0; i < 7; i++) {
            writer.add("");
        }
        List<List<Object>> batches = sent();

        assertEquals(List.of(List.of("", "", ""), List.of("", "", "")), batches);
        assertTrue(writer.hasBufferedRecords());
    }

    @Test
    void when_the_target_is_zero_or_negative_then_it_is_refused_and_above_the_limit_it_is_capped()
            throws IOException {
        ChannelWriter writer = writer(1_000);
        writer.limitBatchBytes(50, "some.frame-size");
        writer.addCredit(10);

        assertThrows(IllegalArgumentException.class, () -> writer.targetBatchBytes(0));
        assertThrows(IllegalArgumentException.class, () -> writer.targetBatchBytes(-1));
        writer.targetBatchBytes(Long.MAX_VALUE);
        writer.add(ofBytes(50, 'a'));

        assertEquals(List.of(List.of(ofBytes(50, 'a'))), sent(), "a target above the limit ships at the limit");
    }
}
