package io.flinkstream.runtime.network.frames;

import akka.actor.ExtendedActorSystem;
import akka.serialization.ByteBufferSerializer;
import akka.serialization.SerializerWithStringManifest;
import io.flinkstream.runtime.network.SerializedRecordBatch;

import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes {@link Frame}s for Akka remoting (bound to {@code Frame} in {@code reference.conf}): fixed-width fields behind
 * a one-letter manifest, and a {@link SerializedBatch} as its two ints followed by the batch's bytes as they are, so
 * no record is touched here: the sending subtask serialized them with the edge's serializers on its own thread, and
 * the receiving subtask reads them with its job's class loader. A {@link RecordBatch} (records by reference) is
 * refused: it never leaves its JVM. Counts what it writes and reads in the node's {@link WireTraffic}. A
 * {@link ByteBufferSerializer}: Artery hands it its envelope buffer, so a batch's bytes are copied once on each side
 * (into the envelope, out of it) rather than through an array of the frame as well.
 */
public final class FrameSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
    /** Unique among the serializers of an actor system (Akka reserves 0 to 40). */
    public static final int IDENTIFIER = 7_301_001;

    private static final String SERIALIZED_BATCH = "B";
    private static final String BARRIER = "R";
    private static final String CANCELLATION_BARRIER = "X";
    private static final String END_OF_DATA = "D";
    private static final String END_OF_PARTITION = "P";
    private static final String CREDIT = "C";
    // Reserved: "W" for watermarks.

    private final WireTraffic traffic;

    public FrameSerializer(ExtendedActorSystem system) {
        this.traffic = WireTraffic.get(system);
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object frame) {
        if (frame instanceof SerializedBatch) {
            return SERIALIZED_BATCH;
        } else if (frame instanceof Barrier) {
            return BARRIER;
        } else if (frame instanceof CancellationBarrier) {
            return CANCELLATION_BARRIER;
        } else if (frame instanceof EndOfData) {
            return END_OF_DATA;
        } else if (frame instanceof EndOfPartition) {
            return END_OF_PARTITION;
        } else if (frame instanceof Credit) {
            return CREDIT;
        }
        throw refused(frame);
    }

    /** The frame's bytes, as {@link #toBinary(Object, ByteBuffer)} writes them. */
    @Override
    public byte[] toBinary(Object frame) {
        ByteBuffer out = ByteBuffer.allocate(sizeOf(frame));
        toBinary(frame, out);
        return out.array();
    }

    /**
     * Writes the frame into remoting's buffer: a batch's bytes go straight from the sending subtask's array into the
     * envelope, with no array of the frame in between. Big-endian whatever the buffer's order.
     */
    @Override
    public void toBinary(Object frame, ByteBuffer buffer) {
        ByteOrder order = buffer.order();
        buffer.order(ByteOrder.BIG_ENDIAN);
        int begin = buffer.position();
        try {
            if (frame instanceof SerializedBatch batch) {
                long start = WireTraffic.threadCpuNanos();
                buffer.putInt(batch.attempt()).putInt(batch.channel()).put(batch.batch().bytes());
                traffic.frameWritten(WireTraffic.threadCpuNanos() - start);
                traffic.batchSent(buffer.position() - begin);
                return;
            } else if (frame instanceof Barrier b) {
                buffer.putInt(b.attempt()).putInt(b.channel()).putLong(b.checkpointId());
            } else if (frame instanceof CancellationBarrier b) {
                buffer.putInt(b.attempt()).putInt(b.channel()).putLong(b.checkpointId());
            } else if (frame instanceof EndOfData e) {
                buffer.putInt(e.attempt()).putInt(e.channel());
            } else if (frame instanceof EndOfPartition e) {
                buffer.putInt(e.attempt()).putInt(e.channel());
            } else if (frame instanceof Credit c) {
                buffer.putInt(c.attempt()).putInt(c.edge()).putInt(c.targetSubtask()).putInt(c.credits());
            } else {
                throw refused(frame);
            }
            traffic.eventSent(buffer.position() - begin);
        } finally {
            buffer.order(order);
        }
    }

    private static int sizeOf(Object frame) {
        if (frame instanceof SerializedBatch batch) {
            return 8 + batch.batch().bytes().length;
        } else if (frame instanceof Barrier || frame instanceof CancellationBarrier || frame instanceof Credit) {
            return 16;
        } else if (frame instanceof EndOfData || frame instanceof EndOfPartition) {
            return 8;
        }
        throw refused(frame);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return fromBinary(ByteBuffer.wrap(bytes), manifest);
    }

    /** Reads a frame from remoting's buffer: a batch's bytes are copied once, into the batch's own array. */
    @Override
    public Object fromBinary(ByteBuffer in, String manifest) throws NotSerializableException {
        int length = in.remaining();
        traffic.received(length);
        ByteOrder order = in.order();
        in.order(ByteOrder.BIG_ENDIAN);
        try {
            return switch (manifest) {
                case SERIALIZED_BATCH -> {
                    long start = WireTraffic.threadCpuNanos();
                    int attempt = in.getInt();
                    int channel = in.getInt();
                    byte[] records = new byte[in.remaining()];
                    in.get(records);
                    traffic.frameRead(WireTraffic.threadCpuNanos() - start);
                    yield new SerializedBatch(attempt, channel, new SerializedRecordBatch(records));
                }
                case BARRIER -> new Barrier(in.getInt(), in.getInt(), in.getLong());
                case CANCELLATION_BARRIER -> new CancellationBarrier(in.getInt(), in.getInt(), in.getLong());
                case END_OF_DATA -> new EndOfData(in.getInt(), in.getInt());
                case END_OF_PARTITION -> new EndOfPartition(in.getInt(), in.getInt());
                case CREDIT -> new Credit(in.getInt(), in.getInt(), in.getInt(), in.getInt());
                default -> throw new NotSerializableException("Unknown data-plane frame '" + manifest + "' ("
                        + length + " bytes): the sending node runs another FlinkStream version");
            };
        } catch (BufferUnderflowException e) {
            throw new NotSerializableException("A data-plane frame '" + manifest + "' of " + length
                    + " bytes is cut off");
        } finally {
            in.order(order);
        }
    }

    private static IllegalArgumentException refused(Object frame) {
        if (frame instanceof RecordBatch) {
            return new IllegalArgumentException("A RecordBatch holds records by reference and never leaves its JVM; "
                    + "a channel to a subtask on another node sends SerializedBatch frames (this is a bug in the "
                    + "sending channel's choice of transport)");
        }
        return new IllegalArgumentException("Not a data-plane frame FrameSerializer knows: "
                + (frame == null ? "null" : frame.getClass().getName()));
    }
}
