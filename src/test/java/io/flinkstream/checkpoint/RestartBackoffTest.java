package io.flinkstream.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RestartStrategyConfiguration;
import io.flinkstream.checkpoint.RestartBackoff.Decision;
import io.flinkstream.checkpoint.RestartBackoff.GiveUp;
import io.flinkstream.checkpoint.RestartBackoff.Restart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    private final ManualClock clock = new ManualClock();

    private static Duration delayOf(Decision decision) {
        return assertInstanceOf(Restart.class, decision).delay();
    }

    @Test
    void when_strategyIsNone_then_theFirstFailureGivesUp() {
        // Given
        RestartBackoff backoff = new RestartBackoff(RestartStrategies.noRestart());

        // When
        Decision decision = backoff.onFailure(clock.instant());

        // Then
        assertTrue(assertInstanceOf(GiveUp.class, decision).reason().contains("none"));
    }

    @Test
    void when_fixedDelayAttemptsAreUsed_then_theNextFailureGivesUp() {
        // Given
        RestartBackoff backoff = new RestartBackoff(RestartStrategies.fixedDelayRestart(2, Duration.ofSeconds(3)));

        // When
        Decision first = backoff.onFailure(clock.instant());
        Decision second = backoff.onFailure(clock.advanceMillis(10_000));
        Decision third = backoff.onFailure(clock.advanceMillis(10_000));

        // Then
        assertEquals(new Restart(Duration.ofSeconds(3), 1), first);
        assertEquals(new Restart(Duration.ofSeconds(3), 2), second);
        assertTrue(assertInstanceOf(GiveUp.class, third).reason().contains("allows 2 restart attempts"));
        assertEquals(3, backoff.failureCount());
    }

    @Test
    void when_fixedDelayAllowsZeroAttempts_then_itNeverRestarts() {
        // Given
        RestartBackoff backoff = new RestartBackoff(RestartStrategies.fixedDelayRestart(0, Duration.ZERO));

        // When / Then
        assertInstanceOf(GiveUp.class, backoff.onFailure(clock.instant()));
    }

    @Test
    void when_failuresStayWithinTheRate_then_everyOneRestarts() {
        // Given: at most 2 failures per minute
        RestartBackoff backoff = new RestartBackoff(
                RestartStrategies.failureRateRestart(2, Duration.ofMinutes(1), Duration.ofSeconds(5)));

        // When / Then: failures 40 s apart never put 3 into one minute
        for (int i = 0; i < 10; i++) {
            assertEquals(Duration.ofSeconds(5), delayOf(backoff.onFailure(clock.advance(Duration.ofSeconds(40)))));
        }
    }

    @Test
    void when_moreFailuresThanAllowedFallInTheInterval_then_itGivesUp() {
        // Given
        RestartBackoff backoff = new RestartBackoff(
                RestartStrategies.failureRateRestart(2, Duration.ofMinutes(1), Duration.ZERO));

        // When
        backoff.onFailure(clock.instant());
        backoff.onFailure(clock.advance(Duration.ofSeconds(30)));
        Decision third = backoff.onFailure(clock.advance(Duration.ofSeconds(30)));

        // Then: the first failure is exactly one interval old, so it still counts
        GiveUp giveUp = assertInstanceOf(GiveUp.class, third);
        assertTrue(giveUp.reason().contains("3 times within PT1M"), giveUp.reason());
    }

    @Test
    void when_oldFailuresLeaveTheSlidingInterval_then_theyNoLongerCount() {
        // Given
        RestartBackoff backoff = new RestartBackoff(
                RestartStrategies.failureRateRestart(2, Duration.ofMinutes(1), Duration.ZERO));
        backoff.onFailure(clock.instant());
        backoff.onFailure(clock.advance(Duration.ofSeconds(30)));

        // When
        Decision third = backoff.onFailure(clock.advance(Duration.ofMillis(30_001)));

        // Then
        assertInstanceOf(Restart.class, third);
    }

    @Test
    void when_failuresFollowEachOtherQuickly_then_theExponentialDelayGrowsUpToTheMaximum() {
        // Given
        RestartBackoff backoff = new RestartBackoff(RestartStrategies.exponentialDelayRestart(
                Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, Duration.ofHours(1), 0.0));

        // When
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Duration delay = delayOf(backoff.onFailure(clock.instant()));
            delays.add(delay);
            clock.advance(delay.plusSeconds(1));
        }

        // Then
        assertEquals(List.of(1L, 2L, 4L, 8L, 10L, 10L), delays.stream().map(Duration::toSeconds).toList());
    }

    @Test
    void when_theJobRunsLongerThanTheResetThreshold_then_theExponentialDelayStartsOver() {
        // Given: two identical back-offs that saw two quick failures, so the next wait would be 4 s; the job was
        // restarted 2 s (the second wait) after the second failure
        RestartStrategyConfiguration strategy = RestartStrategies.exponentialDelayRestart(
                Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, Duration.ofMinutes(10), 0.0);
        RestartBackoff early = new RestartBackoff(strategy);
        RestartBackoff late = new RestartBackoff(strategy);
        Instant secondFailure = clock.instant().plusSeconds(5);
        for (RestartBackoff backoff : List.of(early, late)) {
            backoff.onFailure(clock.instant());
            assertEquals(Duration.ofSeconds(2), delayOf(backoff.onFailure(secondFailure)));
        }
        Instant resetAt = secondFailure.plusSeconds(2).plus(Duration.ofMinutes(10));

        // When: one fails a millisecond before the job ran for the threshold, the other exactly at it
        Duration grown = delayOf(early.onFailure(resetAt.minusMillis(1)));
        Duration reset = delayOf(late.onFailure(resetAt));

        // Then
        assertEquals(Duration.ofSeconds(4), grown);
        assertEquals(Duration.ofSeconds(1), reset);
    }

    @Test
    void when_jitterIsSet_then_delaysVaryWithinTheFactorAndRepeatForTheSameSeed() {
        // Given
        RestartStrategyConfiguration strategy = RestartStrategies.exponentialDelayRestart(
                Duration.ofSeconds(10), Duration.ofSeconds(20), 1.0, Duration.ofHours(1), 0.5);

        // When
        List<Duration> a = delays(new RestartBackoff(strategy, new Random(42)), 20);
        List<Duration> b = delays(new RestartBackoff(strategy, new Random(42)), 20);

        // Then
        assertEquals(a, b);
        assertNotEquals(1, a.stream().distinct().count());
        for (Duration d : a) {
            assertTrue(d.toMillis() >= 5_000 && d.toMillis() <= 15_000, d.toString());
        }
    }

    @Test
    void when_timeGoesBackwards_then_theFailureIsRejected() {
        // Given
        RestartBackoff backoff = new RestartBackoff(RestartStrategies.fixedDelayRestart(5, Duration.ZERO));
        backoff.onFailure(clock.advanceMillis(1_000));

        // When / Then
        assertThrows(IllegalArgumentException.class, () -> backoff.onFailure(clock.instant().minusMillis(1)));
    }

    @Test
    void when_noStrategyIsSet_then_checkpointingDecidesTheDefault() {
        // Given / When / Then
        assertEquals(RestartStrategies.noRestart(), RestartStrategies.defaultFor(false));
        assertEquals(RestartStrategies.fixedDelayRestart(Integer.MAX_VALUE, Duration.ofSeconds(1)),
                RestartStrategies.defaultFor(true));
    }

    private List<Duration> delays(RestartBackoff backoff, int count) {
        ManualClock local = new ManualClock();
        List<Duration> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Duration delay = delayOf(backoff.onFailure(local.instant()));
            result.add(delay);
            local.advance(delay);
        }
        return result;
    }
}
