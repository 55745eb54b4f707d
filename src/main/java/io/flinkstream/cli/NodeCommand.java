package io.flinkstream.cli;

import akka.actor.CoordinatedShutdown;
import akka.Done;
import io.flinkstream.cluster.ClusterNodeSettings;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.cluster.NodeStartException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code flinkstream node [--config <file>] [--classpath <path>[:<path>…]]}: runs a cluster node until it is
 * stopped. The configuration is {@code <file>} (or {@code application.conf}) over the node defaults; the node joins
 * {@code akka.cluster.seed-nodes}, prints {@value #READY} with its address and roles once it is up, and on SIGTERM
 * leaves the cluster (Akka's coordinated shutdown) and exits.
 */
public final class NodeCommand {
    /** The start of the line printed once the node is up; scripts and the multi-JVM tests wait for it. */
    public static final String READY = "FlinkStream node ready";

    static final String USAGE = "node [--config <file>] [--classpath <path>[" + File.pathSeparator + "<path>...]]";
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);

    private NodeCommand() {
    }

    /** Runs the node until it stops; exits the JVM with 1 when it cannot start, 2 on bad arguments. */
    public static void main(String[] args) {
        FlinkStreamNode node;
        try {
            node = start(args);
        } catch (IllegalArgumentException e) {
            System.err.println("flinkstream node: " + e.getMessage());
            System.err.println("usage: flinkstream " + USAGE);
            System.exit(2);
            return;
        } catch (NodeStartException | ConfigException e) {
            LOG.debug("The node did not start", e);
            System.err.println("flinkstream node: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CoordinatedShutdown.Reason reason = awaitStop(node);
        if (!reason.equals(CoordinatedShutdown.jvmExitReason())) {
            // Downed by the split brain resolver, or the system stopped on its own: a supervisor should restart it.
            System.err.println("flinkstream node: stopped (" + reason + "); start it again to rejoin the cluster");
            System.exit(1);
        }
    }

    /**
     * Starts the node the arguments describe and prints the ready line; the node keeps running.
     *
     * @throws IllegalArgumentException for bad arguments
     * @throws NodeStartException when the node cannot start, naming the setting to check
     */
    public static FlinkStreamNode start(String[] args) {
        Path configFile = null;
        List<String> classpath = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.equals("--config") && !option.equals("--classpath")) {
                throw new IllegalArgumentException("unknown option '" + option + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            if (option.equals("--config")) {
                configFile = Path.of(value);
            } else {
                classpath = Arrays.stream(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
            }
        }
        Config config = ClusterNodeSettings.load(configFile);
        if (classpath != null) {
            config = ConfigFactory.empty()
                    .withValue("flinkstream.node.classpath", ConfigValueFactory.fromIterable(classpath))
                    .withFallback(config);
        }
        FlinkStreamNode node = FlinkStreamNode.start(config);
        CoordinatedShutdown.get(node.system()).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
                "flinkstream-node-stopped", () -> {
                    LOG.info("FlinkStream node {} stopping ({})", node.system().address(),
                            CoordinatedShutdown.get(node.system()).getShutdownReason().orElse(null));
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
        String ready = READY + ": " + node.system().address() + " roles "
                + akka.cluster.typed.Cluster.get(node.system()).selfMember().getRoles();
        LOG.info(ready);
        System.out.println(ready);
        System.out.flush();
        return node;
    }

    private static CoordinatedShutdown.Reason awaitStop(FlinkStreamNode node) {
        node.system().getWhenTerminated().toCompletableFuture().join();
        return CoordinatedShutdown.get(node.system()).getShutdownReason()
                .orElse(CoordinatedShutdown.unknownReason());
    }
}
