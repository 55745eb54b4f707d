package io.flinkstream.runtime.graph;

import io.flinkstream.api.InvalidJobException;
import io.flinkstream.checkpoint.OperatorId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives every node of the logical graph its {@link OperatorId}, as Flink's {@code StreamGraphHasherV2} does: the
 * hash of its {@code uid(...)} when one is set, else a deterministic hash of its place in the graph — the ids of its
 * inputs, its index among each input's consumers and the edge's partitioning, whether it is chained to its input,
 * and how many consumers are chained to it (a source: its index among the sources). So building the same job again
 * gives the same ids, while inserting an operator changes the ids of every operator downstream of it that has no
 * uid. Pure: no state, no I/O.
 *
 * <pre>{@code
 * Map<Integer, OperatorId> ids = OperatorIdHasher.assign(nodes, chainedNodeIds);
 * }</pre>
 */
public final class OperatorIdHasher {

    private OperatorIdHasher() {
    }

    /**
     * The id of every node, by node id.
     *
     * @param nodes the job's nodes in the order the DSL created them (every node after its inputs)
     * @param chainedToInput the ids of the nodes chained to their (single) input
     * @throws InvalidJobException if two nodes have the same uid, naming both
     */
    public static Map<Integer, OperatorId> assign(List<StreamNode> nodes, Set<Integer> chainedToInput) {
        Map<Integer, List<Integer>> consumers = new HashMap<>();
        Map<Integer, Integer> chainedConsumers = new HashMap<>();
        for (StreamNode node : nodes) {
            for (StreamEdge input : node.inputs()) {
                consumers.computeIfAbsent(input.sourceId(), id -> new ArrayList<>()).add(node.id());
                if (chainedToInput.contains(node.id())) {
                    chainedConsumers.merge(input.sourceId(), 1, Integer::sum);
                }
            }
        }
        Map<Integer, OperatorId> ids = new LinkedHashMap<>();
        Map<OperatorId, StreamNode> owners = new HashMap<>();
        int sources = 0;
        for (StreamNode node : nodes) {
            OperatorId id;
            if (node.uid() != null) {
                id = hash("uid\0" + node.uid());
            } else {
                StringBuilder position = new StringBuilder("position");
                if (node.isSource()) {
                    position.append("\0source\0").append(sources);
                }
                for (StreamEdge input : node.inputs()) {
                    OperatorId inputId = ids.get(input.sourceId());
                    if (inputId == null) {
                        throw new IllegalArgumentException("Node " + node + " comes before its input "
                                + input.sourceId() + ": nodes must be in the order they were created");
                    }
                    position.append("\0input\0").append(inputId.hex())
                            .append('\0').append(consumers.get(input.sourceId()).indexOf(node.id()))
                            .append('\0').append(input.partitioning().name());
                }
                position.append("\0chained\0").append(chainedToInput.contains(node.id()))
                        .append("\0chainedOutputs\0").append(chainedConsumers.getOrDefault(node.id(), 0));
                id = hash(position.toString());
            }
            if (node.isSource()) {
                sources++;
            }
            StreamNode previous = owners.putIfAbsent(id, node);
            if (previous != null) {
                throw new InvalidJobException("Operators " + previous + " and " + node + " have the same "
                        + (node.uid() != null ? "uid '" + node.uid() + "'" : "operator id " + id)
                        + ": give each operator its own uid(...)");
            }
            ids.put(node.id(), id);
        }
        return ids;
    }

    private static OperatorId hash(String text) {
        try {
            return OperatorId.ofBytes(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
