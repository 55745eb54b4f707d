package io.flinkstream.runtime.wire;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.cluster.NodeSettings;
import io.flinkstream.runtime.network.frames.Barrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a node accepts from the wire, with a node's own configuration (nothing switched off here): Java serialization
 * neither writes nor reads, and the serializers FlinkStream binds read only FlinkStream's message types — a class
 * named by a peer that is not one of them is refused, not instantiated.
 */
class WireSecurityTest {
    private static final ActorTestKit TEST_KIT = ActorTestKit.create("wire-security", ConfigFactory.parseString("""
            akka.actor.provider = cluster
            akka.remote.artery.canonical.hostname = "127.0.0.1"
            akka.remote.artery.canonical.port = 0
            """).withFallback(NodeSettings.load()));

    private static final Serialization SERIALIZATION =
            SerializationExtension.get(Adapter.toClassic(TEST_KIT.system()));

    @AfterAll
    static void stop() {
        TEST_KIT.shutdownTestKit();
    }

    @Test
    void java_serialization_is_off_both_ways() {
        assertFalse(TEST_KIT.system().settings().config().getBoolean("akka.actor.allow-java-serialization"));
        HashMap<String, String> serializable = new HashMap<>(java.util.Map.of("k", "v"));
        assertTrue(SERIALIZATION.serialize(serializable).isFailure(), "a java.io.Serializable was written");
        // Bytes a peer claims are Java-serialized (serializer id 1) are not read.
        byte[] javaBytes = javaSerialize(serializable);
        assertTrue(SERIALIZATION.deserialize(javaBytes, 1, "").isFailure(), "Java-serialized bytes were read");
    }

    @Test
    void jackson_reads_only_flinkstreams_message_types() throws Exception {
        Serializer cbor = SERIALIZATION.serializerFor(io.flinkstream.runtime.task.SubtaskActor.Release.class);
        byte[] bytes = SERIALIZATION.serialize(new io.flinkstream.runtime.task.SubtaskActor.Release(3)).get();
        // The same bytes, claimed to be of a class that is no FlinkStream message: refused before Jackson runs.
        for (String manifest : new String[] {"java.util.HashMap", "javax.management.BadAttributeValueExpException",
                "com.sun.rowset.JdbcRowSetImpl"}) {
            assertTrue(SERIALIZATION.deserialize(bytes, cbor.identifier(), manifest).isFailure(),
                    "jackson-cbor read a " + manifest);
        }
    }

    @Test
    void the_frame_serializer_reads_only_its_frames() throws Exception {
        Serializer frames = SERIALIZATION.serializerFor(Barrier.class);
        byte[] bytes = SERIALIZATION.serialize(new Barrier(0, 1, 2)).get();
        assertTrue(SERIALIZATION.deserialize(bytes, frames.identifier(), "java.util.HashMap").isFailure());
        assertThrows(java.io.NotSerializableException.class,
                () -> ((akka.serialization.SerializerWithStringManifest) frames).fromBinary(new byte[] {1, 2}, "Z"));
    }

    private static byte[] javaSerialize(Object value) {
        try (java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
             java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
            out.flush();
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
