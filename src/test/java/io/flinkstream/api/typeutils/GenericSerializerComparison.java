package io.flinkstream.api.typeutils;

import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeutils.runtime.KryoSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Compares the generic serializer candidates on a five-field POJO: Kryo 5 (the fallback), Java serialization (of a
 * Serializable variant) and the POJO serializer. Prints bytes per value and ns per round trip (serialize then
 * deserialize), after several seconds of warm-up each. Not a test; run by hand (see docs/types.md):
 * {@code java -cp target/classes:target/test-classes:<deps> io.flinkstream.api.typeutils.GenericSerializerComparison}
 */
public final class GenericSerializerComparison {
    /** The measured type. */
    public static class Player implements Serializable {
        private static final long serialVersionUID = 1L;
        public long id;
        public String name;
        public double score;
        public int count;
        public boolean active;

        public Player() {
        }
    }

    private interface RoundTrip {
        /** Serializes and deserializes {@code value}; returns the size in bytes. */
        int run(Player value) throws Exception;
    }

    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        long warmupNanos = Long.parseLong(args.length > 0 ? args[0] : "5") * 1_000_000_000L;
        Player player = new Player();
        player.id = 123_456_789L;
        player.name = "player-42";
        player.score = 97.25;
        player.count = 17;
        player.active = true;

        System.out.println("Java " + System.getProperty("java.version") + ", " + Runtime.getRuntime()
                .availableProcessors() + " CPUs");
        measure("Kryo 5 (generic)", typed(new KryoSerializer<>(Player.class, new SerializerConfig())), player,
                warmupNanos);
        measure("Java serialization", GenericSerializerComparison::javaRoundTrip, player, warmupNanos);
        measure("PojoSerializer", typed(TypeInformation.of(Player.class).createSerializer(new SerializerConfig())),
                player, warmupNanos);
    }

    private static RoundTrip typed(TypeSerializer<Player> serializer) {
        DataOutputSerializer out = new DataOutputSerializer(128);
        DataInputDeserializer in = new DataInputDeserializer(new byte[0]);
        return value -> {
            out.clear();
            serializer.serialize(value, out);
            in.setBuffer(out.getSharedBuffer(), 0, out.length());
            sink = serializer.deserialize(in);
            return out.length();
        };
    }

    private static int javaRoundTrip(Player value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            sink = in.readObject();
        }
        return bytes.size();
    }

    private static void measure(String name, RoundTrip roundTrip, Player value, long warmupNanos) throws Exception {
        long end = System.nanoTime() + warmupNanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                roundTrip.run(value);
            }
        }
        int size = roundTrip.run(value);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            int n = 200_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                roundTrip.run(value);
            }
            best = Math.min(best, (System.nanoTime() - start) / n);
        }
        System.out.printf("%-20s %4d bytes  %6d ns per round trip (best of 5 x 200,000)%n", name, size, best);
    }
}
