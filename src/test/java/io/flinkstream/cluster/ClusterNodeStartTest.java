package io.flinkstream.cluster;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link FlinkStreamNode#start} in this JVM: binding, joining, job classes, and what it says when it cannot. */
class ClusterNodeStartTest {

    /** A one-node cluster on 127.0.0.1:{@code port} that lists itself as its seed. */
    private static String selfSeeded(int port, String more) {
        return """
                flinkstream.system-name = "starttest"
                akka.remote.artery.canonical { hostname = "127.0.0.1", port = %d }
                akka.cluster.seed-nodes = ["akka://starttest@127.0.0.1:%d"]
                akka.cluster.seed-node-timeout = 1s
                flinkstream.node.start-timeout = 20s
                flinkstream.node.data-dir = "%s"
                """.formatted(port, port, freshDataDir()) + more;
    }

    /** Each node its own folder for its journal, under target/ (the default would be ./data). */
    private static String freshDataDir() {
        try {
            java.nio.file.Path target = java.nio.file.Path.of("target");
            java.nio.file.Files.createDirectories(target);
            return java.nio.file.Files.createTempDirectory(target, "node-start-").toAbsolutePath().toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static NodeStartException startFails(String config) {
        return assertThrows(NodeStartException.class, () -> FlinkStreamNode.start(ConfigFactory.parseString(config)));
    }

    @Test
    void when_bound_to_loopback_then_the_port_is_reachable_there_and_not_on_the_machines_other_address(
            @TempDir Path dir) throws Exception {
        // Given a non-loopback address of this machine
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to try");
        int port = NodeProcesses.freePort();

        // When a node is configured with 127.0.0.1
        try (FlinkStreamNode node = FlinkStreamNode.start(ConfigFactory.parseString(selfSeeded(port,
                "flinkstream.node.data-dir = \"" + dir + "\"")))) {
            // Then it listens there, and a connection to the other address is refused
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
            assertThrows(ConnectException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(other.get(), port), 2000);
                }
            }, "port " + port + " should not be open on " + other.get());
            assertEquals("akka://starttest@127.0.0.1:" + port, node.system().address().toString());
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void when_the_port_is_in_use_then_start_fails_naming_host_and_port() throws Exception {
        // Given another process holding the port
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            // When / Then
            NodeStartException error = startFails(selfSeeded(port, ""));
            assertTrue(error.getMessage().contains("cannot listen on 127.0.0.1:" + port), error.getMessage());
            assertTrue(error.getMessage().contains("akka.remote.artery.canonical"), error.getMessage());
        }
    }

    @Test
    void when_no_seed_node_answers_then_start_fails_after_the_timeout_naming_them_and_frees_its_port()
            throws Exception {
        // Given a seed list with only a node that does not run
        int port = NodeProcesses.freePort();
        int silent = NodeProcesses.freePort();
        String config = selfSeeded(port, """
                akka.cluster.seed-nodes = ["akka://starttest@127.0.0.1:%d"]
                flinkstream.node.start-timeout = 3s
                """.formatted(silent));

        // When
        long started = System.nanoTime();
        NodeStartException error = startFails(config);

        // Then it waited for the timeout, and says whom it tried and which settings to check
        assertTrue(System.nanoTime() - started >= 3_000_000_000L, "failed before the start timeout");
        assertTrue(error.getMessage().contains("akka://starttest@127.0.0.1:" + silent), error.getMessage());
        assertTrue(error.getMessage().contains("akka.cluster.seed-nodes"), error.getMessage());
        assertTrue(error.getMessage().contains("flinkstream.node.start-timeout"), error.getMessage());
        // and its actor system is gone: the port can be bound again
        awaitBindable(port);
    }

    private static void awaitBindable(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("port " + port + " still bound 10 s after the failed start", e);
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void when_the_seed_list_is_empty_or_names_another_system_then_start_fails_saying_what_to_write() {
        int port = NodeProcesses.freePort();
        NodeStartException empty = startFails(selfSeeded(port, "akka.cluster.seed-nodes = []"));
        assertTrue(empty.getMessage().contains("akka.cluster.seed-nodes is empty"), empty.getMessage());

        NodeStartException other = startFails(selfSeeded(port,
                "akka.cluster.seed-nodes = [\"akka://flinkstream@127.0.0.1:" + port + "\"]"));
        assertTrue(other.getMessage().contains("flinkstream.system-name is 'starttest'"), other.getMessage());

        NodeStartException garbage = startFails(selfSeeded(port, "akka.cluster.seed-nodes = [\"127.0.0.1:2551\"]"));
        assertTrue(garbage.getMessage().contains("'127.0.0.1:2551', which is not an Akka address"),
                garbage.getMessage());
    }

    @Test
    void when_a_node_setting_is_misspelt_then_start_fails_naming_the_nearest_one() {
        int port = NodeProcesses.freePort();
        ConfigException error = assertThrows(ConfigException.class, () -> FlinkStreamNode.start(
                ConfigFactory.parseString(selfSeeded(port, "flinkstream.node.lib-dirs = lib"))));
        assertTrue(error.getMessage().contains("did you mean 'flinkstream.node.lib-dir'"), error.getMessage());
    }

    @Test
    void when_the_lib_folder_or_a_class_path_entry_is_missing_or_a_jar_is_broken_then_start_names_the_path(
            @TempDir Path dir) throws Exception {
        int port = NodeProcesses.freePort();
        Path missing = dir.resolve("no-such-lib");
        NodeStartException noLib = startFails(selfSeeded(port, "flinkstream.node.lib-dir = \"" + missing + "\""));
        assertTrue(noLib.getMessage().contains(missing + ", which is not a folder"), noLib.getMessage());

        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path broken = Files.writeString(lib.resolve("orders-job.jar"), "not a zip");
        NodeStartException brokenJar = startFails(selfSeeded(port, "flinkstream.node.lib-dir = \"" + lib + "\""));
        assertTrue(brokenJar.getMessage().contains("The job jar " + broken), brokenJar.getMessage());

        Path absent = dir.resolve("absent.jar");
        NodeStartException noEntry = startFails(selfSeeded(port,
                "flinkstream.node.classpath = [\"" + absent + "\"]"));
        assertTrue(noEntry.getMessage().contains("flinkstream.node.classpath lists " + absent), noEntry.getMessage());
    }

    @Test
    void when_tls_is_on_and_a_store_is_missing_then_start_fails_naming_the_setting_and_path(@TempDir Path dir) {
        int port = NodeProcesses.freePort();
        Path keyStore = dir.resolve("keystore.p12");
        NodeStartException error = startFails(selfSeeded(port, """
                akka.remote.artery.transport = tls-tcp
                akka.remote.artery.ssl.config-ssl-engine.key-store = "%s"
                """.formatted(keyStore)));
        assertTrue(error.getMessage().contains("akka.remote.artery.ssl.config-ssl-engine.key-store is " + keyStore),
                error.getMessage());
    }

    @Test
    void when_a_job_jar_is_in_lib_then_the_node_loads_its_classes_which_flinkstream_itself_cannot(
            @TempDir Path dir) throws Exception {
        // Given a job class compiled now, in a jar in the lib folder
        Path lib = Files.createDirectories(dir.resolve("lib"));
        JobJars.compile(JobJars.GREETER, JobJars.GREETER_SOURCE, lib.resolve("greeter-job.jar"));
        int port = NodeProcesses.freePort();

        // When a node starts with that lib folder
        try (FlinkStreamNode node = FlinkStreamNode.start(ConfigFactory.parseString(selfSeeded(port,
                "flinkstream.node.lib-dir = \"" + lib + "\"\nflinkstream.node.data-dir = \"" + dir + "/data\"")))) {
            // Then its user-code class loader has the class, and the actor system resolves classes with it
            Class<?> greeter = node.userClassLoader().loadClass(JobJars.GREETER);
            @SuppressWarnings("unchecked")
            Supplier<String> instance = (Supplier<String>) greeter.getConstructor().newInstance();
            assertEquals("hello from a job jar", instance.get());
            assertEquals(node.userClassLoader(), node.system().dynamicAccess().classLoader());
            assertThrows(ClassNotFoundException.class, () -> Class.forName(JobJars.GREETER, false,
                    FlinkStreamNode.class.getClassLoader()));
            assertTrue(Files.isDirectory(dir.resolve("data")), "the data folder should be created");
        }
    }
}
