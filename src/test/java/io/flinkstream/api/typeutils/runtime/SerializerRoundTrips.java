package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputDeserializer;
import io.flinkstream.api.typeutils.DataOutputSerializer;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/** Writes values and snapshots to bytes and reads them back, for the serializer tests. */
final class SerializerRoundTrips {
    private SerializerRoundTrips() {
    }

    static <T> byte[] write(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.toByteArray();
    }

    static <T> T read(TypeSerializer<T> serializer, byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        T value = serializer.deserialize(in);
        if (in.available() != 0) {
            throw new AssertionError(in.available() + " bytes left unread by " + serializer);
        }
        return value;
    }

    static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        return read(serializer, write(serializer, value));
    }

    static byte[] writeSnapshot(TypeSerializerSnapshot<?> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return out.toByteArray();
    }

    static <T> TypeSerializerSnapshot<T> readSnapshot(byte[] bytes, ClassLoader loader) throws IOException {
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(bytes), loader);
    }
}
