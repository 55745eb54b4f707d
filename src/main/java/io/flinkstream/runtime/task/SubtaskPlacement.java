package io.flinkstream.runtime.task;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;

/**
 * Where a new subtask goes: to the shard region holding the fewest subtasks of the same vertex of the same job, so each
 * vertex's subtasks spread over the nodes (a node does not get all sources while another gets all keyed subtasks);
 * among equals, the one holding the fewest subtasks of the job, then of all jobs, then the first by address, so the
 * choice is deterministic. Each subtask is its own shard, whose id is its entity id {@code job/vertex/subtask}.
 * Pure: the allocation strategy gives it the regions' current shards.
 */
final class SubtaskPlacement {
    private SubtaskPlacement() {
    }

    /** The job and vertex a shard (a subtask's entity id {@code job/vertex/subtask}) belongs to: {@code job/vertex}. */
    static String vertexOf(String shardId) {
        int last = shardId.lastIndexOf('/');
        return last <= shardId.indexOf('/') ? shardId : shardId.substring(0, last);
    }

    /** The job a shard (a subtask's entity id) belongs to. */
    static String jobOf(String shardId) {
        int slash = shardId.indexOf('/');
        return slash < 0 ? shardId : shardId.substring(0, slash);
    }

    /**
     * The region for {@code shardId}.
     *
     * @param shardsByRegion every region that may host subtasks, by its address, with the shards it holds
     * @param <R> the region's reference
     * @throws IllegalArgumentException when there is no region
     */
    static <R> R choose(String shardId, Map<R, ? extends Collection<String>> shardsByRegion,
                        java.util.function.Function<R, String> address) {
        String job = jobOf(shardId);
        String vertex = vertexOf(shardId);
        return shardsByRegion.entrySet().stream()
                .min(Comparator.<Map.Entry<R, ? extends Collection<String>>>comparingLong(
                                e -> e.getValue().stream().filter(s -> vertexOf(s).equals(vertex)).count())
                        .thenComparingLong(e -> e.getValue().stream().filter(s -> jobOf(s).equals(job)).count())
                        .thenComparingInt(e -> e.getValue().size())
                        .thenComparing(e -> address.apply(e.getKey())))
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalArgumentException("No node hosts subtasks: subtask " + shardId
                        + " has nowhere to run (are the nodes with the subtask role up?)"));
    }
}
