package io.flinkstream.state;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A contiguous, inclusive range of key groups, for example the key groups one subtask owns. The empty range is
 * always represented as {@link #EMPTY}, {@code [0, -1]}.
 *
 * <pre>{@code
 * KeyGroupRange range = KeyGroupRange.of(32, 63);
 * for (int keyGroup : range) { ... }
 * }</pre>
 *
 * @param startKeyGroup the first key group of the range
 * @param endKeyGroup the last key group of the range, inclusive
 */
public record KeyGroupRange(int startKeyGroup, int endKeyGroup) implements Iterable<Integer> {

    /** The range without key groups. */
    public static final KeyGroupRange EMPTY = new KeyGroupRange(0, -1);

    /**
     * @throws IllegalArgumentException if {@code startKeyGroup} is negative, or {@code endKeyGroup} is smaller than
     *     {@code startKeyGroup - 1}; {@code endKeyGroup == startKeyGroup - 1} denotes the empty range
     */
    public KeyGroupRange {
        if (startKeyGroup < 0) {
            throw new IllegalArgumentException("A key group range cannot start at a negative key group: "
                    + startKeyGroup);
        }
        if (endKeyGroup < startKeyGroup - 1) {
            throw new IllegalArgumentException("A key group range cannot end (" + endKeyGroup + ") before it starts ("
                    + startKeyGroup + "); use KeyGroupRange.EMPTY for an empty range");
        }
        if (endKeyGroup < startKeyGroup) {
            // One representation of "empty", so that equals() treats all empty ranges alike.
            startKeyGroup = 0;
            endKeyGroup = -1;
        }
    }

    /** Returns the range {@code [startKeyGroup, endKeyGroup]}; see the constructor for the preconditions. */
    public static KeyGroupRange of(int startKeyGroup, int endKeyGroup) {
        KeyGroupRange range = new KeyGroupRange(startKeyGroup, endKeyGroup);
        return range.isEmpty() ? EMPTY : range;
    }

    /** Returns whether {@code keyGroup} lies in this range. */
    public boolean contains(int keyGroup) {
        return keyGroup >= startKeyGroup && keyGroup <= endKeyGroup;
    }

    /** The number of key groups in the range. */
    public int size() {
        return endKeyGroup - startKeyGroup + 1;
    }

    /** Returns whether the range has no key groups. */
    public boolean isEmpty() {
        return endKeyGroup < startKeyGroup;
    }

    /** Returns the key groups in both ranges, or {@link #EMPTY}; useful when redistributing state on rescaling. */
    public KeyGroupRange intersection(KeyGroupRange other) {
        int start = Math.max(startKeyGroup, other.startKeyGroup);
        int end = Math.min(endKeyGroup, other.endKeyGroup);
        return start <= end ? new KeyGroupRange(start, end) : EMPTY;
    }

    /** Iterates the key groups in ascending order. */
    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int next = startKeyGroup;

            @Override
            public boolean hasNext() {
                return next <= endKeyGroup;
            }

            @Override
            public Integer next() {
                if (next > endKeyGroup) {
                    throw new NoSuchElementException("No key group after " + endKeyGroup + " in " + KeyGroupRange.this);
                }
                return next++;
            }
        };
    }

    /** "[32, 63]", or "[]" when empty. */
    @Override
    public String toString() {
        return isEmpty() ? "[]" : "[" + startKeyGroup + ", " + endKeyGroup + "]";
    }
}
