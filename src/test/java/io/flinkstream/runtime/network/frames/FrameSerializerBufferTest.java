package io.flinkstream.runtime.network.frames;

import akka.actor.ExtendedActorSystem;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Adapter;
import io.flinkstream.runtime.network.SerializedRecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FrameSerializer} writes into and reads from remoting's own buffer (little-endian, at an offset, shared with
 * the envelope's header) exactly the bytes of its array form, leaves the buffer's order as it was, and counts what it
 * wrote and read.
 */
class FrameSerializerBufferTest {
    private static ActorTestKit testKit;
    private static FrameSerializer serializer;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create();
        serializer = new FrameSerializer((ExtendedActorSystem) Adapter.toClassic(testKit.system()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static List<Frame> frames() {
        return List.of(new SerializedBatch(3, 7, new SerializedRecordBatch(new byte[] {1, 0, 2, 42, -1})),
                new Barrier(1, 2, Long.MAX_VALUE - 5), new CancellationBarrier(1, 2, 9), new EndOfData(4, 5),
                new EndOfPartition(6, 7), new Credit(1, 2, 3, 4));
    }

    @Test
    void when_frames_go_through_a_little_endian_buffer_at_an_offset_then_they_read_back_equal() throws Exception {
        for (Frame frame : frames()) {
            // Given a buffer as Artery hands it: little-endian, with its header already written
            ByteBuffer envelope = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
            envelope.putLong(0x1122334455667788L);
            int begin = envelope.position();

            // When
            serializer.toBinary(frame, envelope);

            // Then the bytes are those of the array form, and the buffer's order is untouched
            byte[] written = new byte[envelope.position() - begin];
            envelope.flip().position(begin);
            envelope.slice().get(written);
            assertArrayEquals(serializer.toBinary(frame), written, frame.toString());
            assertEquals(ByteOrder.LITTLE_ENDIAN, envelope.order());
            ByteBuffer received = ByteBuffer.wrap(written).order(ByteOrder.LITTLE_ENDIAN);
            Object read = serializer.fromBinary(received, serializer.manifest(frame));
            assertEquals(ByteOrder.LITTLE_ENDIAN, received.order());
            assertSameFrame(frame, read);
        }
    }

    @Test
    void when_a_batch_is_sent_and_received_then_its_bytes_are_counted_and_its_copy_is_timed() throws Exception {
        WireTraffic traffic = WireTraffic.get(testKit.system());
        long sent = traffic.batchBytesSent();
        long received = traffic.bytesReceived();
        long frameNanos = traffic.frameWriteNanos() + traffic.frameReadNanos();
        SerializedBatch batch = new SerializedBatch(0, 1, new SerializedRecordBatch(new byte[1000]));

        ByteBuffer envelope = ByteBuffer.allocate(2048);
        serializer.toBinary(batch, envelope);
        envelope.flip();
        serializer.fromBinary(envelope, serializer.manifest(batch));

        assertEquals(1008, traffic.batchBytesSent() - sent);
        assertEquals(1008, traffic.bytesReceived() - received);
        assertTrue(traffic.frameWriteNanos() + traffic.frameReadNanos() > frameNanos);
    }

    @Test
    void when_a_frame_is_cut_off_in_the_buffer_then_the_error_names_its_kind_and_length() {
        ByteBuffer cut = ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 0, 0});
        NotSerializableException e = assertThrows(NotSerializableException.class,
                () -> serializer.fromBinary(cut, "R"));
        assertTrue(e.getMessage().contains("'R' of 6 bytes is cut off"), e.getMessage());
    }

    private static void assertSameFrame(Frame expected, Object actual) {
        if (expected instanceof SerializedBatch batch) {
            SerializedBatch read = assertInstanceOf(SerializedBatch.class, actual);
            assertEquals(batch.attempt(), read.attempt());
            assertEquals(batch.channel(), read.channel());
            assertArrayEquals(batch.batch().bytes(), read.batch().bytes());
        } else {
            assertEquals(expected, actual);
        }
    }
}
