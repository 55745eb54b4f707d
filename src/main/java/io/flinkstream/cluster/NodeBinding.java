package io.flinkstream.cluster;

import akka.actor.BootstrapSetup;
import akka.actor.setup.ActorSystemSetup;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;

import java.net.BindException;

/**
 * Creates a cluster node's actor system, which binds its remoting port, and turns a failed bind into an error that
 * names the address and the setting to change.
 */
final class NodeBinding {
    private NodeBinding() {
    }

    static ActorSystem<Void> create(Config config, ClusterNodeSettings cluster, ClassLoader userClassLoader) {
        ActorSystemSetup setup = ActorSystemSetup.create(BootstrapSetup.create(config)
                .withClassloader(userClassLoader));
        try {
            return ActorSystem.create(Behaviors.empty(), cluster.systemName(), setup);
        } catch (RuntimeException e) {
            if (isBindFailure(e)) {
                throw new NodeStartException("The node cannot listen on " + cluster.host() + ":" + cluster.port()
                        + " (akka.remote.artery.canonical.hostname and .port): " + rootMessage(e) + ". Another "
                        + "process (another node?) uses that port, or the host is not an address of this machine; "
                        + "stop it or choose another port", e);
            }
            throw e;
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Failed to bind")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
