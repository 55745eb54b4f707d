package io.flinkstream.cluster;

import io.flinkstream.cli.LocalCluster.NodeProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node JVMs started by {@code flinkstream node}: they form a cluster; one SIGKILLed is downed by the split
 * brain resolver and removed by the survivors within a bounded time; a replacement joins; a node sent SIGTERM leaves
 * the cluster gracefully (removed as Exiting, not downed) and exits.
 */
class NodeProcessFailoverTest {
    private static final Duration START = Duration.ofSeconds(90);
    /** Failure detection (~1.3 s) + stable-after (1.5 s) + removal, with ample room for a loaded 2-core machine. */
    private static final Duration REMOVAL = Duration.ofSeconds(30);

    @Test
    void when_a_node_is_killed_then_the_survivors_remove_it_and_a_replacement_joins() throws Exception {
        try (NodeProcesses cluster = NodeProcesses.create("failover", 3)) {
            // Given three nodes that see each other up
            List<NodeProcess> nodes = cluster.startAll(START);
            for (NodeProcess observer : nodes) {
                for (NodeProcess member : nodes) {
                    observer.awaitLine("Member up: " + member.address(), START);
                }
            }
            NodeProcess victim = nodes.get(0); // the oldest: it hosts the shard coordinator
            List<NodeProcess> survivors = nodes.subList(1, 3);

            // When it is killed with SIGKILL
            long killedAt = System.nanoTime();
            victim.kill();

            // Then it died of signal 9, and both survivors remove it (downed by the split brain resolver)
            assertEquals(128 + 9, victim.process().exitValue(), "destroyForcibly() should be SIGKILL");
            for (NodeProcess survivor : survivors) {
                survivor.awaitLine("Member removed: " + victim.address() + " (was Down)", REMOVAL);
            }
            long removalMillis = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.printf("Killed node removed by both survivors %,d ms after SIGKILL%n", removalMillis);

            // When a replacement starts, Then it joins through the surviving seed nodes and all see it up
            NodeProcess replacement = cluster.startReplacement();
            replacement.awaitReady(START);
            for (NodeProcess survivor : survivors) {
                survivor.awaitLine("Member up: " + replacement.address(), START);
            }

            // When the replacement gets SIGTERM, Then it leaves (Exiting, not Down) and exits
            replacement.terminate();
            for (NodeProcess survivor : survivors) {
                survivor.awaitLine("Member removed: " + replacement.address() + " (was Exiting)", REMOVAL);
            }
            assertEquals(128 + 15, replacement.awaitExit(REMOVAL), replacement.output());
            assertTrue(replacement.output().contains("stopping (JvmExitReason)"), replacement.output());
        }
    }
}
