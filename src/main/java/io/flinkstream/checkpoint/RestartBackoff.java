package io.flinkstream.checkpoint;

import io.flinkstream.api.RestartStrategyConfiguration;
import io.flinkstream.api.RestartStrategyConfiguration.ExponentialDelay;
import io.flinkstream.api.RestartStrategyConfiguration.FailureRate;
import io.flinkstream.api.RestartStrategyConfiguration.FixedDelay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Random;

/**
 * Decides, failure by failure, whether a job restarts and after how long, following its
 * {@link RestartStrategyConfiguration}. Pure: the caller passes the time of each failure (from its clock, a manual
 * one in tests), and jitter comes from an injected {@link Random}, so a seeded one gives repeatable delays.
 *
 * <pre>{@code
 * RestartBackoff backoff = new RestartBackoff(strategy);       // one per job, kept across restarts
 * RestartBackoff.Decision decision = backoff.onFailure(clock.instant());
 * if (decision instanceof RestartBackoff.Restart restart) {
 *     scheduleRestart(restart.delay());
 * } else {
 *     failJob(((RestartBackoff.GiveUp) decision).reason());
 * }
 * }</pre>
 *
 * <p>Semantics, as in Flink:
 * <ul>
 *   <li><b>none</b>: every failure gives up.</li>
 *   <li><b>fixed-delay(n, d)</b>: failures 1..n restart after {@code d}; failure n+1 gives up.</li>
 *   <li><b>failure-rate(n, i, d)</b>: restart after {@code d} unless this failure and those before it within the
 *       last {@code i} (inclusive) are more than {@code n}.</li>
 *   <li><b>exponential-delay</b>: always restarts. The first wait is the initial backoff; each later wait is the
 *       previous one times the multiplier, capped at the maximum, unless the job ran for the reset threshold since
 *       it was restarted (previous failure + previous wait) without failing, which resets the wait to the initial
 *       backoff. Jitter moves each wait by a uniform random share of up to {@code jitterFactor} of it, still capped
 *       at the maximum; the growth is computed from the wait without jitter, so jitter does not compound.</li>
 * </ul>
 * Not thread-safe: it belongs to the actor that handles the job's failures.
 */
public final class RestartBackoff {
    private final RestartStrategyConfiguration strategy;
    private final Random random;
    private final ArrayDeque<Instant> recentFailures = new ArrayDeque<>();
    private int failures;
    private Instant lastFailure;
    private Duration lastDelay = Duration.ZERO;
    private Duration currentBackoff;

    /** What to do about a failure. */
    public sealed interface Decision permits Restart, GiveUp {
    }

    /**
     * Restart the job after {@code delay}.
     *
     * @param delay how long to wait before restarting
     * @param attempt which restart this is, counting from 1 over the life of the job
     */
    public record Restart(Duration delay, int attempt) implements Decision {
    }

    /**
     * Do not restart: the job fails.
     *
     * @param reason why, naming the strategy and how to allow more restarts; meant for the job's failure message
     */
    public record GiveUp(String reason) implements Decision {
    }

    /** A back-off for {@code strategy} with an unseeded random source for jitter. */
    public RestartBackoff(RestartStrategyConfiguration strategy) {
        this(strategy, new Random());
    }

    /** A back-off for {@code strategy} drawing jitter from {@code random} (only exponential-delay uses it). */
    public RestartBackoff(RestartStrategyConfiguration strategy, Random random) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The strategy this back-off follows. */
    public RestartStrategyConfiguration strategy() {
        return strategy;
    }

    /** How many failures were reported so far. */
    public int failureCount() {
        return failures;
    }

    /**
     * Records a failure that happened at {@code now} and decides what to do about it.
     *
     * @param now when the failure happened; calls must not go back in time
     * @throws IllegalArgumentException if {@code now} is before the previous failure
     */
    public Decision onFailure(Instant now) {
        if (lastFailure != null && now.isBefore(lastFailure)) {
            throw new IllegalArgumentException("Failure at " + now + " reported after one at " + lastFailure);
        }
        failures++;
        Decision decision;
        if (strategy instanceof FixedDelay fixed) {
            decision = fixedDelay(fixed);
        } else if (strategy instanceof FailureRate rate) {
            decision = failureRate(rate, now);
        } else if (strategy instanceof ExponentialDelay exponential) {
            decision = exponentialDelay(exponential, now);
        } else {
            decision = new GiveUp("The restart strategy is none, so the job fails on its first failure; "
                    + "set a restart strategy (env.setRestartStrategy or flinkstream.restart-strategy) to restart");
        }
        if (decision instanceof Restart restart) {
            lastDelay = restart.delay();
        }
        lastFailure = now;
        return decision;
    }

    private Decision fixedDelay(FixedDelay fixed) {
        if (failures > fixed.restartAttempts()) {
            return new GiveUp("The fixed-delay restart strategy allows " + fixed.restartAttempts() + " restart "
                    + "attempts and all were used; allow more with RestartStrategies.fixedDelayRestart or "
                    + "flinkstream.restart-strategy.fixed-delay.attempts");
        }
        return new Restart(fixed.delay(), failures);
    }

    private Decision failureRate(FailureRate rate, Instant now) {
        recentFailures.addLast(now);
        Instant windowStart = now.minus(rate.failureInterval());
        while (recentFailures.peekFirst().isBefore(windowStart)) {
            recentFailures.removeFirst();
        }
        if (recentFailures.size() > rate.maxFailuresPerInterval()) {
            return new GiveUp("The job failed " + recentFailures.size() + " times within "
                    + rate.failureInterval() + ", more than the " + rate.maxFailuresPerInterval()
                    + " the failure-rate restart strategy allows; raise flinkstream.restart-strategy.failure-rate."
                    + "max-failures-per-interval or fix the cause of the failures");
        }
        return new Restart(rate.delay(), failures);
    }

    private Decision exponentialDelay(ExponentialDelay exp, Instant now) {
        boolean reset = lastFailure == null
                || !now.isBefore(lastFailure.plus(lastDelay).plus(exp.resetBackoffThreshold()));
        if (reset) {
            currentBackoff = exp.initialBackoff();
        } else {
            double grown = currentBackoff.toMillis() * exp.backoffMultiplier();
            currentBackoff = grown >= exp.maxBackoff().toMillis()
                    ? exp.maxBackoff() : Duration.ofMillis(Math.round(grown));
        }
        return new Restart(withJitter(currentBackoff, exp), failures);
    }

    private Duration withJitter(Duration backoff, ExponentialDelay exp) {
        if (exp.jitterFactor() == 0.0) {
            return backoff;
        }
        double offset = (random.nextDouble() * 2 - 1) * exp.jitterFactor() * backoff.toMillis();
        long millis = Math.max(0, Math.round(backoff.toMillis() + offset));
        return Duration.ofMillis(Math.min(millis, exp.maxBackoff().toMillis()));
    }
}
