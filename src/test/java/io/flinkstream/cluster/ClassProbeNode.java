package io.flinkstream.cluster;

import io.flinkstream.cli.NodeCommand;

import java.util.function.Supplier;

/**
 * A node JVM for tests: starts the node exactly as {@code flinkstream node} does, then loads the class named by the
 * system property {@code probe.class} through the node's user-code class loader and prints what its
 * {@code Supplier<String>} returns ("probe: …"), or the error ("probe failed: …").
 */
public final class ClassProbeNode {
    private ClassProbeNode() {
    }

    public static void main(String[] args) throws Exception {
        // args are "node --config <file>", as the harness passes them to the command line
        FlinkStreamNode node = NodeCommand.start(java.util.Arrays.copyOfRange(args, 1, args.length));
        try {
            Class<?> probe = node.userClassLoader().loadClass(System.getProperty("probe.class"));
            @SuppressWarnings("unchecked")
            Supplier<String> supplier = (Supplier<String>) probe.getConstructor().newInstance();
            System.out.println("probe: " + supplier.get());
        } catch (ReflectiveOperationException | LinkageError e) {
            System.out.println("probe failed: " + e);
        }
        System.out.flush();
        node.system().getWhenTerminated().toCompletableFuture().join();
    }
}
