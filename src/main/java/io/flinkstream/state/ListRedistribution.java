package io.flinkstream.state;

import java.util.ArrayList;
import java.util.List;

/**
 * How lists stored by the old subtasks of an operator are shared out over its new subtasks on restore, as Flink's
 * {@code RoundRobinOperatorStateRepartitioner} does. At the same parallelism every subtask gets back exactly its own
 * list; at another one the lists of all old subtasks are joined in subtask order and shared so that nothing is lost
 * or given twice. Pure.
 *
 * <pre>{@code
 * evenShare(List.of(List.of(a, b, c), List.of(d)), 0, 3)   // [a, b]
 * moduloShare(List.of(List.of(a, b, c), List.of(d)), 1, 3) // [b]
 * union(List.of(List.of(a), List.of(b)))                   // [a, b], for every subtask
 * }</pre>
 */
public final class ListRedistribution {

    private ListRedistribution() {
    }

    /**
     * Operator list state: new subtask {@code subtask} of {@code parallelism} gets a contiguous run of the joined
     * elements, the first {@code total % parallelism} subtasks one more than the others.
     */
    public static <T> List<T> evenShare(List<? extends List<T>> old, int subtask, int parallelism) {
        check(subtask, parallelism);
        if (old.size() == parallelism) {
            return new ArrayList<>(old.get(subtask));
        }
        List<T> all = union(old);
        int base = all.size() / parallelism;
        int extra = all.size() % parallelism;
        int start = subtask * base + Math.min(subtask, extra);
        int length = base + (subtask < extra ? 1 : 0);
        return new ArrayList<>(all.subList(start, start + length));
    }

    /** Source splits: of the joined splits, new subtask {@code subtask} gets split {@code i} when i % parallelism is it. */
    public static <T> List<T> moduloShare(List<? extends List<T>> old, int subtask, int parallelism) {
        check(subtask, parallelism);
        if (old.size() == parallelism) {
            return new ArrayList<>(old.get(subtask));
        }
        List<T> all = union(old);
        List<T> mine = new ArrayList<>();
        for (int i = subtask; i < all.size(); i += parallelism) {
            mine.add(all.get(i));
        }
        return mine;
    }

    /** Union list state: every subtask gets all old subtasks' elements, in subtask order. */
    public static <T> List<T> union(List<? extends List<T>> old) {
        List<T> all = new ArrayList<>();
        old.forEach(all::addAll);
        return all;
    }

    private static void check(int subtask, int parallelism) {
        if (parallelism < 1 || subtask < 0 || subtask >= parallelism) {
            throw new IllegalArgumentException("Subtask " + subtask + " is not one of " + parallelism);
        }
    }
}
