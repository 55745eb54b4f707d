package io.flinkstream.runtime.task;

import akka.actor.ActorRef;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.IndexedSeq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where subtasks go: spread per vertex and per job, deterministic among equals, never moved once placed. */
class SubtaskPlacementTest {
    private static final ActorTestKit TEST_KIT = ActorTestKit.create();

    @AfterAll
    static void stop() {
        TEST_KIT.shutdownTestKit();
    }

    @Test
    void given_a_node_busy_with_another_job_when_a_subtask_is_placed_then_it_goes_where_its_own_job_has_fewest() {
        // Given node a runs three subtasks of job x, node b one subtask of job y
        Map<String, List<String>> regions = new LinkedHashMap<>();
        regions.put("a", List.of("x/0/0", "x/0/1", "x/1/0"));
        regions.put("b", List.of("y/0/0"));

        // When / Then: a subtask of job y goes to a, which has none of y's, even though a is busier
        assertEquals("a", SubtaskPlacement.choose("y/1/0", regions, r -> r));
        // and one of job x to b
        assertEquals("b", SubtaskPlacement.choose("x/1/1", regions, r -> r));
    }

    @Test
    void given_each_node_with_one_subtask_of_the_job_when_a_third_source_is_placed_then_it_goes_to_the_node_without_one() {
        // Given sources on a and c and a keyed subtask on b: one subtask of the job on each node
        Map<String, List<String>> regions = new LinkedHashMap<>();
        regions.put("a", List.of("x/0/0"));
        regions.put("b", List.of("x/1/0"));
        regions.put("c", List.of("x/0/1"));

        // When / Then: by the job's count all are equal and a would win by its address, leaving b without a source
        // and a with two; by the vertex's count it goes to b
        assertEquals("b", SubtaskPlacement.choose("x/0/2", regions, r -> r));
    }

    @Test
    void given_entity_ids_when_their_vertex_is_asked_then_it_is_the_job_and_the_vertex() {
        assertEquals("x/3", SubtaskPlacement.vertexOf("x/3/12"));
        assertEquals("job", SubtaskPlacement.vertexOf("job"));
        assertEquals("job/2", SubtaskPlacement.vertexOf("job/2"));
    }

    @Test
    void given_equal_regions_when_a_subtask_is_placed_then_the_less_busy_and_then_the_first_address_wins() {
        Map<String, List<String>> regions = new HashMap<>();
        regions.put("c", List.of());
        regions.put("b", List.of());
        regions.put("a", List.of("z/0/0"));

        assertEquals("b", SubtaskPlacement.choose("x/0/0", regions, r -> r), "fewest shards, then by address");
    }

    @Test
    void given_a_job_id_with_no_slash_when_its_job_is_asked_then_the_whole_id_is_the_job() {
        assertEquals("job", SubtaskPlacement.jobOf("job"));
        assertEquals("a-b", SubtaskPlacement.jobOf("a-b/3/1"));
    }

    @Test
    void given_no_region_when_a_subtask_is_placed_then_the_error_says_no_node_hosts_subtasks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SubtaskPlacement.choose("x/0/0", Map.<String, List<String>>of(), r -> r));
        assertTrue(e.getMessage().contains("No node hosts subtasks"), e.getMessage());
    }

    /**
     * The shard coordinator asks for many homes before it records any answer: a strategy that looked only at the
     * recorded state would send a whole job to one node.
     */
    @Test
    void given_a_burst_of_requests_before_any_is_recorded_when_a_job_is_allocated_then_it_is_spread_evenly()
            throws Exception {
        // Given three empty regions, and a strategy the coordinator never shows its answers to
        SubtaskAllocationStrategy strategy = new SubtaskAllocationStrategy();
        List<ActorRef> regions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            regions.add(Adapter.toClassic(TEST_KIT.createTestProbe().ref()));
        }
        Map<ActorRef, IndexedSeq<String>> recorded = new HashMap<>();
        regions.forEach(r -> recorded.put(r, scala.collection.immutable.Vector$.MODULE$.empty()));

        // When six subtasks of one job are allocated
        Map<ActorRef, Integer> perRegion = new HashMap<>();
        for (int subtask = 0; subtask < 6; subtask++) {
            ActorRef home = scala.concurrent.Await.result(strategy.allocateShard(regions.get(0),
                    "job/0/" + subtask, recorded), scala.concurrent.duration.Duration.fromNanos(
                    Duration.ofSeconds(1).toNanos()));
            perRegion.merge(home, 1, Integer::sum);
        }

        // Then two go to each region
        assertEquals(Map.of(regions.get(0), 2, regions.get(1), 2, regions.get(2), 2), perRegion);
    }

    @Test
    void when_the_coordinator_asks_to_rebalance_then_no_running_subtask_is_moved() throws Exception {
        SubtaskAllocationStrategy strategy = new SubtaskAllocationStrategy();
        ActorRef busy = Adapter.toClassic(TEST_KIT.createTestProbe().ref());
        ActorRef idle = Adapter.toClassic(TEST_KIT.createTestProbe().ref());
        Map<ActorRef, IndexedSeq<String>> allocations = Map.of(
                busy, scala.jdk.javaapi.CollectionConverters.asScala(List.of("j/0/0", "j/0/1", "j/0/2", "j/0/3"))
                        .toIndexedSeq(),
                idle, scala.collection.immutable.Vector$.MODULE$.empty());

        Set<String> moved = scala.concurrent.Await.result(strategy.rebalance(allocations, Set.of()),
                scala.concurrent.duration.Duration.fromNanos(Duration.ofSeconds(1).toNanos()));

        assertEquals(Set.of(), moved);
    }
}
