package io.flinkstream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

class KeyGroupRangeAssignmentTest {

    @Test
    void when_rangesAreComputedForEveryParallelism_then_theyAgreeExactlyWithTheOperatorIndexOfEachKeyGroup() {
        for (int maxParallelism = 1; maxParallelism <= 256; maxParallelism++) {
            for (int parallelism = 1; parallelism <= maxParallelism; parallelism++) {
                // Given
                int expectedStart = 0;
                for (int index = 0; index < parallelism; index++) {
                    // When
                    KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                            maxParallelism, parallelism, index);

                    // Then: contiguous, non-empty, and every key group maps back to this index
                    if (range.startKeyGroup() != expectedStart || range.isEmpty()) {
                        fail("max " + maxParallelism + ", parallelism " + parallelism + ", index " + index + ": "
                                + range + " should start at " + expectedStart);
                    }
                    for (int keyGroup = range.startKeyGroup(); keyGroup <= range.endKeyGroup(); keyGroup++) {
                        int owner = KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(
                                maxParallelism, parallelism, keyGroup);
                        if (owner != index) {
                            fail("max " + maxParallelism + ", parallelism " + parallelism + ": key group " + keyGroup
                                    + " is in the range " + range + " of index " + index + " but maps to " + owner);
                        }
                    }
                    expectedStart = range.endKeyGroup() + 1;
                }
                assertEquals(maxParallelism, expectedStart, "the ranges must cover all key groups");
            }
        }
    }

    @Test
    void when_largestMaxParallelismIsUsed_then_rangesStillCoverAllKeyGroupsWithoutOverflow() {
        // Given
        int maxParallelism = KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM;
        for (int parallelism : new int[] {1, 3, 1000, 32767, 32768}) {
            // When
            KeyGroupRange last = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                    maxParallelism, parallelism, parallelism - 1);

            // Then
            assertEquals(maxParallelism - 1, last.endKeyGroup());
            assertEquals(parallelism - 1, KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(
                    maxParallelism, parallelism, maxParallelism - 1));
        }
    }

    @Test
    void when_oneMillionSequentialLongKeysAreAssigned_then_every128KeyGroupIsWithinTenPercentOfTheMean() {
        // Given
        int maxParallelism = 128;
        int keys = 1_000_000;
        int[] counts = new int[maxParallelism];

        // When
        for (long key = 0; key < keys; key++) {
            counts[KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism)]++;
        }

        // Then
        assertWithinTenPercentOfMean(counts, keys);
    }

    @Test
    void when_stringKeysGoToANonPowerOfTwoMaxParallelism_then_theDistributionIsStillEven() {
        // Given
        int maxParallelism = 100;
        int keys = 500_000;
        int[] counts = new int[maxParallelism];

        // When
        for (int i = 0; i < keys; i++) {
            counts[KeyGroupRangeAssignment.assignToKeyGroup("user-" + i, maxParallelism)]++;
        }

        // Then
        assertWithinTenPercentOfMean(counts, keys);
    }

    @Test
    void when_hashIsNegative_then_keyGroupIsStillInRange() {
        // Given
        int[] hashes = {Integer.MIN_VALUE, -1, -12345, Integer.MAX_VALUE, 0};
        for (int maxParallelism : new int[] {1, 7, 128, 100, 32768}) {
            for (int hash : hashes) {
                // When
                int keyGroup = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(hash, maxParallelism);

                // Then
                assertTrue(keyGroup >= 0 && keyGroup < maxParallelism, hash + " -> " + keyGroup);
            }
        }
    }

    @Test
    void when_keyIsAssigned_then_theResultIsTheKeyGroupOfItsHashCode() {
        // Given
        String key = "some-key";

        // When
        int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, 128);

        // Then
        assertEquals(KeyGroupRangeAssignment.computeKeyGroupForKeyHash(key.hashCode(), 128), keyGroup);
        assertEquals(Math.floorMod(KeyGroupRangeAssignment.fmix32(key.hashCode()), 128), keyGroup);
    }

    @Test
    void when_parallelismDoesNotFit_then_checkParallelismSaysWhatToChange() {
        // Given / When
        IllegalArgumentException tooHigh = assertThrows(IllegalArgumentException.class,
                () -> KeyGroupRangeAssignment.checkParallelism(200, 128));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> KeyGroupRangeAssignment.checkParallelism(0, 128));
        IllegalArgumentException badMax = assertThrows(IllegalArgumentException.class,
                () -> KeyGroupRangeAssignment.checkParallelism(1, 40_000));

        // Then
        assertTrue(tooHigh.getMessage().contains("lower the parallelism to at most 128"), tooHigh.getMessage());
        assertTrue(tooHigh.getMessage().contains("raise the max parallelism to at least 200"), tooHigh.getMessage());
        assertTrue(zero.getMessage().contains("positive parallelism"), zero.getMessage());
        assertTrue(badMax.getMessage().contains("between 1 and 32768"), badMax.getMessage());
        KeyGroupRangeAssignment.checkParallelism(128, 128);
    }

    @Test
    void when_operatorIndexIsOutOfBounds_then_rangeComputationFails() {
        // Given / When / Then
        assertThrows(IllegalArgumentException.class,
                () -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 4, 4));
        assertThrows(IllegalArgumentException.class,
                () -> KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(128, 4, -1));
    }

    private static void assertWithinTenPercentOfMean(int[] counts, int total) {
        double mean = (double) total / counts.length;
        for (int keyGroup = 0; keyGroup < counts.length; keyGroup++) {
            double deviation = Math.abs(counts[keyGroup] - mean) / mean;
            assertTrue(deviation <= 0.10, "key group " + keyGroup + " has " + counts[keyGroup] + " keys, mean " + mean);
        }
    }
}
