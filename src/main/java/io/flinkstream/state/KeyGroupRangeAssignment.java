package io.flinkstream.state;

/**
 * Maps keys to key groups, and key groups to the subtasks (operator indexes) of a keyed operator. Static, pure and
 * deterministic across JVMs, as long as the keys' {@code hashCode()} is.
 *
 * <p>A keyed operator has {@code maxParallelism} key groups, fixed for the life of the job; each key belongs to one
 * key group, and each of the operator's {@code parallelism} subtasks owns a contiguous range of key groups. State is
 * kept, snapshotted and redistributed per key group, so the parallelism can change between runs while the max
 * parallelism cannot.
 *
 * <p>Preconditions, not checked on the per-record paths for speed: keys are non-null, {@code maxParallelism} lies in
 * {@code [1, UPPER_BOUND_MAX_PARALLELISM]}, {@code parallelism} in {@code [1, maxParallelism]} (see
 * {@link #checkParallelism(int, int)}), key groups in {@code [0, maxParallelism)} and operator indexes in
 * {@code [0, parallelism)}.
 */
public final class KeyGroupRangeAssignment {

    /** The max parallelism used when the job does not set one. */
    public static final int DEFAULT_MAX_PARALLELISM = 128;

    /** The largest supported max parallelism; it keeps {@code keyGroup * parallelism} within an int. */
    public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

    private KeyGroupRangeAssignment() {
    }

    /**
     * Returns the key group of {@code key}.
     *
     * @param key the key; callers guarantee it is non-null (the runtime rejects null keys when extracting them)
     * @param maxParallelism the number of key groups
     * @return a key group in {@code [0, maxParallelism)}
     */
    public static int assignToKeyGroup(Object key, int maxParallelism) {
        return computeKeyGroupForKeyHash(key.hashCode(), maxParallelism);
    }

    /**
     * Returns the key group of a key whose {@code hashCode()} is {@code keyHash}. The hash is mixed first, because
     * many hash codes (small integers, strings with a common prefix) differ only in a few bits.
     *
     * @param keyHash the key's {@code hashCode()}
     * @param maxParallelism the number of key groups
     * @return a key group in {@code [0, maxParallelism)}
     */
    public static int computeKeyGroupForKeyHash(int keyHash, int maxParallelism) {
        int mixed = fmix32(keyHash);
        if ((maxParallelism & (maxParallelism - 1)) == 0) {
            // Power of two (the default): a mask gives the same result as floorMod without a division.
            return mixed & (maxParallelism - 1);
        }
        return Math.floorMod(mixed, maxParallelism);
    }

    /**
     * Returns the subtask that owns {@code keyGroupId}: {@code keyGroupId * parallelism / maxParallelism}.
     *
     * @param maxParallelism the number of key groups
     * @param parallelism the number of subtasks
     * @param keyGroupId a key group in {@code [0, maxParallelism)}
     * @return an operator index in {@code [0, parallelism)}
     */
    public static int computeOperatorIndexForKeyGroup(int maxParallelism, int parallelism, int keyGroupId) {
        return keyGroupId * parallelism / maxParallelism;
    }

    /**
     * Returns the key groups owned by subtask {@code operatorIndex}: exactly the key groups for which
     * {@link #computeOperatorIndexForKeyGroup(int, int, int)} returns {@code operatorIndex}. The ranges of all
     * subtasks are contiguous, disjoint, cover {@code [0, maxParallelism)} and differ in size by at most one.
     *
     * @param maxParallelism the number of key groups
     * @param parallelism the number of subtasks
     * @param operatorIndex a subtask index in {@code [0, parallelism)}
     * @throws IllegalArgumentException if the parallelism or the index is out of bounds
     */
    public static KeyGroupRange computeKeyGroupRangeForOperatorIndex(int maxParallelism, int parallelism,
            int operatorIndex) {
        checkParallelism(parallelism, maxParallelism);
        if (operatorIndex < 0 || operatorIndex >= parallelism) {
            throw new IllegalArgumentException("Operator index " + operatorIndex + " is outside [0, " + parallelism
                    + ") for parallelism " + parallelism);
        }
        // kg belongs to index i  <=>  i * max <= kg * p < (i + 1) * max; the bounds are the ceilings of i * max / p.
        int start = ceilDiv(operatorIndex * maxParallelism, parallelism);
        int end = ceilDiv((operatorIndex + 1) * maxParallelism, parallelism) - 1;
        return KeyGroupRange.of(start, end);
    }

    /**
     * Checks that a keyed operator can run with {@code parallelism} subtasks over {@code maxParallelism} key groups.
     *
     * @throws IllegalArgumentException saying what to change, if not
     */
    public static void checkParallelism(int parallelism, int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("The max parallelism must be between 1 and "
                    + UPPER_BOUND_MAX_PARALLELISM + " but is " + maxParallelism + ": set a max parallelism in that "
                    + "range (the default is " + DEFAULT_MAX_PARALLELISM + ")");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("The parallelism must be at least 1 but is " + parallelism
                    + ": set a positive parallelism");
        }
        if (parallelism > maxParallelism) {
            throw new IllegalArgumentException("The parallelism " + parallelism + " exceeds the max parallelism "
                    + maxParallelism + " (the number of key groups), so some subtasks would own no keys: lower the "
                    + "parallelism to at most " + maxParallelism + ", or raise the max parallelism to at least "
                    + parallelism + " (only possible for a job without state to restore, since the max parallelism "
                    + "decides which key group each key belongs to)");
        }
    }

    private static int ceilDiv(int dividend, int divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    /** Murmur3's 32-bit finalizer: every input bit affects every output bit with probability about 1/2. */
    static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
