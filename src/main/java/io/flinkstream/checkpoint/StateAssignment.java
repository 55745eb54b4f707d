package io.flinkstream.checkpoint;

import io.flinkstream.state.KeyGroupRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which stored state goes where when a job is restored from a checkpoint, by operator id and at any parallelism, as
 * Flink's {@code StateAssignmentOperation}. Pure: it decides from the metadata alone; the subtasks read the blobs.
 *
 * <ul>
 *   <li>{@link #check} says, once, before anything is deployed, why the checkpoint cannot be restored into a job:
 *       state of an operator the job lacks (unless non-restored state is allowed), keyed state whose max parallelism
 *       changed, state of a kind the operator no longer has, or a version-1 checkpoint at another parallelism.</li>
 *   <li>{@link #keyedHandles} gives a new subtask the keyed handles whose key-group range overlaps its own; old
 *       ranges are disjoint, so each key group is read by exactly one new subtask from exactly one handle.</li>
 *   <li>{@link #handlesBySubtask} gives the operator-state or source handles of every old subtask of an operator,
 *       by old subtask index, for {@code ListRedistribution} to share out.</li>
 * </ul>
 *
 * <pre>{@code
 * List<String> problems = StateAssignment.check(checkpoint, shape, allowNonRestoredState);
 * StateAssignment assignment = new StateAssignment(checkpoint);
 * List<StateHandle> mine = assignment.keyedHandles(countId, myKeyGroups);
 * }</pre>
 */
public final class StateAssignment {
    private final CheckpointMetadata checkpoint;
    private final Map<OperatorId, List<StateHandle>> byOperator = new HashMap<>();
    private final Map<OperatorId, OperatorMetadata> operators = new HashMap<>();

    /** @param checkpoint the checkpoint restored from, metadata version 2 */
    public StateAssignment(CheckpointMetadata checkpoint) {
        this.checkpoint = checkpoint;
        checkpoint.operators().forEach(op -> operators.put(op.id(), op));
        for (StateHandle handle : checkpoint.allHandles()) {
            if (handle.operatorId() != null) {
                byOperator.computeIfAbsent(handle.operatorId(), id -> new ArrayList<>()).add(handle);
            }
        }
        byOperator.values().forEach(list -> list.sort(Comparator.comparingInt(StateHandle::subtask)));
    }

    /**
     * Why {@code checkpoint} cannot be restored into a job of shape {@code job}; empty when it can. A new operator
     * with no stored state is fine (it starts empty), and so is another parallelism.
     *
     * @param allowNonRestoredState whether state of operators the job lacks may be dropped
     */
    public static List<String> check(CheckpointMetadata checkpoint, JobShape job, boolean allowNonRestoredState) {
        if (checkpoint.hasUntaggedHandles()) {
            return checkByPosition(checkpoint, job);
        }
        Map<OperatorId, OperatorMetadata> now = new HashMap<>();
        job.operators().forEach(op -> now.put(op.id(), op));
        StateAssignment stored = new StateAssignment(checkpoint);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<OperatorId, List<StateHandle>> entry : stored.byOperator.entrySet()) {
            OperatorId id = entry.getKey();
            String then = stored.describe(id);
            OperatorMetadata target = now.get(id);
            if (target == null) {
                if (!allowNonRestoredState) {
                    problems.add("Checkpoint " + checkpoint.checkpointId() + " holds state of " + then + ", which "
                            + "this job does not have (it was removed, or its uid or its place in the graph changed): "
                            + "give it back its uid(...), or drop its state by allowing non-restored state "
                            + "(env.setAllowNonRestoredState(true), or flinkstream.allow-non-restored-state = true)");
                }
                continue;
            }
            OperatorMetadata recorded = stored.operators.get(id);
            if (job.derivedIds().contains(id) && recorded != null && !recorded.name().equals(target.name())) {
                // Without a uid the id is the operator's place in the graph: another operator may now stand there.
                problems.add("Checkpoint " + checkpoint.checkpointId() + " holds state of " + then + " where this "
                        + "job has operator '" + target.name() + "', and it has no uid: the state could go to the "
                        + "wrong operator. Give the operator the same uid(...) in both jobs (or keep its name)");
                continue;
            }
            if (has(entry.getValue(), StateKind.KEYED)) {
                OperatorMetadata old = stored.operators.get(id);
                if (!job.keyedOperators().contains(id)) {
                    problems.add("Checkpoint " + checkpoint.checkpointId() + " holds keyed state of " + then
                            + ", which is not a keyed operator in this job: apply keyBy(...) right before it again");
                } else if (old != null && old.maxParallelism() != target.maxParallelism()) {
                    problems.add(capitalized(then) + " was checkpointed with max parallelism "
                            + old.maxParallelism() + " but has max parallelism " + target.maxParallelism()
                            + " in this job: keyed state is stored in max-parallelism key groups, which cannot be "
                            + "split again; set env.setMaxParallelism(" + old.maxParallelism() + ") to restore it");
                }
            }
            if (has(entry.getValue(), StateKind.SOURCE) && !job.sources().contains(id)) {
                problems.add("Checkpoint " + checkpoint.checkpointId() + " holds the splits of source " + then
                        + ", which is not a source in this job: give the source its own uid(...) in both jobs");
            }
            if (has(entry.getValue(), StateKind.OPERATOR) && job.sources().contains(id)) {
                problems.add("Checkpoint " + checkpoint.checkpointId() + " holds operator state of " + then
                        + ", which is a source in this job: give each operator its own uid(...) in both jobs");
            }
        }
        return problems;
    }

    /** Version 1 stored state by vertex and subtask only: the job and its parallelism must not have changed. */
    private static List<String> checkByPosition(CheckpointMetadata checkpoint, JobShape job) {
        Map<Integer, Integer> subtasks = new TreeMap<>();
        checkpoint.taskStates().keySet().forEach(key -> {
            int vertex = Integer.parseInt(key.substring(1, key.indexOf('-')));
            subtasks.merge(vertex, 1, Integer::sum);
        });
        List<String> problems = new ArrayList<>();
        subtasks.forEach((vertex, parallelism) -> {
            Integer now = vertex < job.vertexParallelism().size() ? job.vertexParallelism().get(vertex) : null;
            if (!parallelism.equals(now)) {
                problems.add("Checkpoint " + checkpoint.checkpointId() + " was written by an older FlinkStream "
                        + "(metadata version 1), which did not record operator ids, so it can only be restored into "
                        + "the same job at the same parallelism; its vertex " + vertex + " ran " + parallelism
                        + " subtasks, this job's " + (now == null ? "has no such vertex" : "runs " + now)
                        + ". Restore it with the job unchanged, then take a new checkpoint to rescale from");
            }
        });
        return problems;
    }

    /**
     * The keyed state handles of operator {@code id} a new subtask owning {@code keyGroups} reads: those whose
     * key-group range overlaps it, in old subtask order.
     */
    public List<StateHandle> keyedHandles(OperatorId id, KeyGroupRange keyGroups) {
        return handles(id, h -> h.kind() == StateKind.KEYED
                && !h.keyGroupRange().intersection(keyGroups).isEmpty());
    }

    /**
     * The handles of {@code kind} of operator {@code id}, by the index of the old subtask that wrote them: a list of
     * the operator's old parallelism, with empty entries for subtasks that stored nothing.
     */
    public List<List<StateHandle>> handlesBySubtask(OperatorId id, StateKind kind) {
        List<StateHandle> of = handles(id, h -> h.kind() == kind);
        int oldParallelism = operators.containsKey(id) ? operators.get(id).parallelism()
                : of.stream().mapToInt(StateHandle::subtask).max().orElse(-1) + 1;
        List<List<StateHandle>> bySubtask = new ArrayList<>();
        for (int i = 0; i < oldParallelism; i++) {
            bySubtask.add(new ArrayList<>());
        }
        of.forEach(h -> bySubtask.get(h.subtask()).add(h));
        return bySubtask;
    }

    /** The operators the checkpoint holds state of, with what it recorded of them (or just the id). */
    public Map<OperatorId, String> statefulOperators() {
        Map<OperatorId, String> result = new LinkedHashMap<>();
        byOperator.keySet().forEach(id -> result.put(id, describe(id)));
        return result;
    }

    private List<StateHandle> handles(OperatorId id, Predicate<StateHandle> filter) {
        return byOperator.getOrDefault(id, List.of()).stream().filter(filter).toList();
    }

    private String describe(OperatorId id) {
        OperatorMetadata op = operators.get(id);
        return op != null ? op.describe() : "the operator with id " + id;
    }

    private static boolean has(List<StateHandle> handles, StateKind kind) {
        return handles.stream().anyMatch(h -> h.kind() == kind);
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Override
    public String toString() {
        return "StateAssignment{checkpoint " + checkpoint.checkpointId() + ", " + byOperator.size() + " operators}";
    }
}
