package io.flinkstream.cluster;

import io.flinkstream.cli.LocalCluster.NodeProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job jar deployed by dropping it into a node's lib folder, without rebuilding FlinkStream. */
class JobJarProcessTest {

    @Test
    void when_a_job_jar_is_in_the_lib_folder_then_a_node_process_loads_its_classes() throws Exception {
        try (NodeProcesses cluster = NodeProcesses.create("jobjar", 1)) {
            // Given a job class compiled now, jarred into lib/ of the node's working directory (the default place)
            JobJars.compile(JobJars.GREETER, JobJars.GREETER_SOURCE, cluster.dir().resolve("lib/greeter.jar"));

            // When a node JVM starts there
            cluster.withMainClass(ClassProbeNode.class.getName())
                    .withJvmOptions(List.of("-Dprobe.class=" + JobJars.GREETER));
            NodeProcess node = cluster.startAll(Duration.ofSeconds(90)).get(0);

            // Then it found the jar and loads and runs the job class through its user-code class loader
            node.awaitLine("probe: hello from a job jar", Duration.ofSeconds(30));
            assertTrue(node.output().contains("Job classes are loaded from [" + cluster.dir().resolve("lib")),
                    node.output());
            assertTrue(Files.exists(cluster.dir().resolve("data-1")), "the node should create its data folder");
        }
    }

    @Test
    void when_the_configured_lib_folder_is_missing_then_the_node_command_exits_non_zero_naming_it()
            throws Exception {
        try (NodeProcesses cluster = NodeProcesses.create("nolib", 1)) {
            // Given a lib folder that does not exist
            Path missing = cluster.dir().resolve("missing-lib");
            cluster.withConfig("flinkstream.node.lib-dir = \"" + missing + "\"");

            // When the node command starts
            NodeProcess node = cluster.start(cluster.seedPorts().get(0), "", "io.flinkstream.cli.Main");

            // Then it exits with 1 and says which folder
            int exit = node.awaitExit(Duration.ofSeconds(60));
            assertTrue(exit == 1, "exit code " + exit + "; output:\n" + node.output());
            assertTrue(node.output().contains("flinkstream node: could not start: flinkstream.node.lib-dir is "
                    + missing), node.output());
        }
    }
}
