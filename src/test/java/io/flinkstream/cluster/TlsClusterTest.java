package io.flinkstream.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.runtime.WireMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Artery over TLS with a key store generated now: two nodes with the same certificate form a cluster and exchange
 * messages; a node without TLS, and a node with another certificate, cannot join.
 */
class TlsClusterTest {

    /** A message crossing the TLS connection (Jackson CBOR, as every message between nodes). */
    public record Ping(String text, ActorRef<String> replyTo) implements WireMessage {
    }

    private static Behavior<Ping> echo() {
        return Behaviors.receiveMessage(ping -> {
            ping.replyTo().tell("echo: " + ping.text());
            return Behaviors.same();
        });
    }

    private static String node(int port, int seedPort, String transport, String timeout) {
        return transport + """
                flinkstream.system-name = "tls"
                akka.remote.artery.canonical { hostname = "127.0.0.1", port = %d }
                akka.cluster.seed-nodes = ["akka://tls@127.0.0.1:%d"]
                akka.cluster.seed-node-timeout = 1s
                akka.cluster.retry-unsuccessful-join-after = 500ms
                flinkstream.node.start-timeout = %s
                """.formatted(port, seedPort, timeout);
    }

    @Test
    void when_nodes_share_a_certificate_then_they_cluster_over_tls_and_others_cannot_join(@TempDir Path dir)
            throws Exception {
        // Given a certificate for the cluster and another one
        TlsKeys keys = TlsKeys.generate(dir, "cluster");
        TlsKeys stranger = TlsKeys.generate(dir, "stranger");
        int seedPort = NodeProcesses.freePort();
        int secondPort = NodeProcesses.freePort();

        // When two nodes start with the cluster's certificate
        try (FlinkStreamNode seed = FlinkStreamNode.start(ConfigFactory.parseString(
                     node(seedPort, seedPort, keys.arteryConfig(), "30s") + "flinkstream.node.data-dir = \""
                             + dir.resolve("d1") + "\""));
             FlinkStreamNode second = FlinkStreamNode.start(ConfigFactory.parseString(
                     node(secondPort, seedPort, keys.arteryConfig(), "30s") + "flinkstream.node.data-dir = \""
                             + dir.resolve("d2") + "\""))) {
            // Then both are up members of one cluster, over TLS
            assertEquals("tls-tcp", seed.system().settings().config().getString("akka.remote.artery.transport"));
            awaitMembersUp(seed, 2);

            // and a message goes from one to an actor of the other and back
            ActorRef<Ping> echo = seed.system().systemActorOf(echo(), "echo", Props.empty());
            String path = ActorRefResolver.get(seed.system()).toSerializationFormat(echo);
            ActorRef<Ping> remoteEcho = ActorRefResolver.get(second.system()).resolveActorRef(path);
            String reply = AskPattern.<Ping, String>ask(remoteEcho, replyTo -> new Ping("over tls", replyTo),
                    Duration.ofSeconds(10), second.system().scheduler()).toCompletableFuture()
                    .get(15, TimeUnit.SECONDS);
            assertEquals("echo: over tls", reply);

            // When a node without TLS tries to join, Then it cannot, and is told to check the TLS settings
            NodeStartException plain = assertThrows(NodeStartException.class, () -> FlinkStreamNode.start(
                    ConfigFactory.parseString(node(NodeProcesses.freePort(), seedPort, "", "4s")
                            + "flinkstream.node.data-dir = \"" + dir.resolve("d3") + "\"")));
            assertTrue(plain.getMessage().contains("TLS settings match"), plain.getMessage());

            // When a node with TLS but another certificate tries to join, Then it cannot either
            assertThrows(NodeStartException.class, () -> FlinkStreamNode.start(ConfigFactory.parseString(
                    node(NodeProcesses.freePort(), seedPort, stranger.arteryConfig(), "4s")
                            + "flinkstream.node.data-dir = \"" + dir.resolve("d4") + "\"")));

            // and the cluster still has exactly its two members
            assertEquals(2, StreamSupport.stream(Cluster.get(seed.system()).state().getMembers().spliterator(),
                    false).count());
        }
    }

    private static void awaitMembersUp(FlinkStreamNode node, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up()).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " members up within 30 s: "
                        + Cluster.get(node.system()).state().getMembers());
            }
            Thread.sleep(20);
        }
    }
}
