package io.flinkstream.state;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.base.IntSerializer;
import io.flinkstream.api.typeutils.base.LongSerializer;

import java.io.IOException;

/**
 * How keyed snapshots write the keys and values of one serializer. Long and Integer — the usual keys and counts —
 * are written as ZigZag variable-length integers instead of their serializers' fixed 8 and 4 bytes (a count below 64
 * takes one byte), which keeps the checkpoint of a million counters small and quick to write; everything else is
 * written by its serializer. Reader and writer pick the same codec from the serializer's class, so the choice needs
 * no mark in the data.
 */
abstract class StateCodec {

    abstract void write(Object value, DataOutputView out) throws IOException;

    abstract Object read(DataInputView in) throws IOException;

    @SuppressWarnings("unchecked")
    static StateCodec of(TypeSerializer<?> serializer) {
        if (serializer instanceof LongSerializer) {
            return LONG;
        }
        if (serializer instanceof IntSerializer) {
            return INT;
        }
        return new Typed((TypeSerializer<Object>) serializer);
    }

    private static final StateCodec LONG = new StateCodec() {
        @Override
        void write(Object value, DataOutputView out) throws IOException {
            out.writeZigZagLong((Long) value);
        }

        @Override
        Object read(DataInputView in) throws IOException {
            return in.readZigZagLong();
        }
    };

    private static final StateCodec INT = new StateCodec() {
        @Override
        void write(Object value, DataOutputView out) throws IOException {
            out.writeZigZagInt((Integer) value);
        }

        @Override
        Object read(DataInputView in) throws IOException {
            return in.readZigZagInt();
        }
    };

    private static final class Typed extends StateCodec {
        private final TypeSerializer<Object> serializer;

        Typed(TypeSerializer<Object> serializer) {
            this.serializer = serializer;
        }

        @Override
        void write(Object value, DataOutputView out) throws IOException {
            serializer.serialize(value, out);
        }

        @Override
        Object read(DataInputView in) throws IOException {
            return serializer.deserialize(in);
        }
    }
}
