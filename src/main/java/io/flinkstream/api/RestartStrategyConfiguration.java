package io.flinkstream.api;

import java.io.Serializable;
import java.time.Duration;

/**
 * What a job does when a subtask fails: which restart strategy, with which parameters. Immutable; create one with
 * {@link RestartStrategies}. The engine turns it into decisions with
 * {@code io.flinkstream.checkpoint.RestartBackoff}.
 */
public sealed interface RestartStrategyConfiguration extends Serializable {

    /** The strategy's name as written in {@code flinkstream.restart-strategy.type}, e.g. {@code fixed-delay}. */
    String type();

    /** Never restart: the first failure fails the job. */
    record NoRestart() implements RestartStrategyConfiguration {
        @Override
        public String type() {
            return "none";
        }
    }

    /**
     * Restart up to {@code restartAttempts} times, waiting {@code delay} before each restart; the failure after the
     * last attempt fails the job.
     *
     * @param restartAttempts how many restarts are allowed in the life of the job, 0 or more
     * @param delay the wait before each restart, 0 or more
     */
    record FixedDelay(int restartAttempts, Duration delay) implements RestartStrategyConfiguration {
        /** @throws IllegalArgumentException if an argument is negative or null */
        public FixedDelay {
            if (restartAttempts < 0) {
                throw new IllegalArgumentException("fixed-delay restart attempts must be 0 or more; was "
                        + restartAttempts);
            }
            requireNonNegative("fixed-delay delay", delay);
        }

        @Override
        public String type() {
            return "fixed-delay";
        }
    }

    /**
     * Restart every time, waiting longer after each failure that follows the previous restart closely: the wait
     * starts at {@code initialBackoff}, is multiplied by {@code backoffMultiplier} after each such failure up to
     * {@code maxBackoff}, and goes back to {@code initialBackoff} once the job has run for
     * {@code resetBackoffThreshold} without failing. Each wait is moved at random by up to {@code jitterFactor} of
     * itself, so that many jobs failing together do not restart together.
     *
     * @param initialBackoff the first wait, above 0
     * @param maxBackoff the longest wait, at least {@code initialBackoff}
     * @param backoffMultiplier how much longer each wait is than the one before, at least 1
     * @param resetBackoffThreshold how long the job must run without failing for the wait to reset, above 0
     * @param jitterFactor the random share of a wait, from 0 (none) to 1
     */
    record ExponentialDelay(Duration initialBackoff, Duration maxBackoff, double backoffMultiplier,
                            Duration resetBackoffThreshold, double jitterFactor)
            implements RestartStrategyConfiguration {
        /** @throws IllegalArgumentException if an argument is out of the ranges documented on the record */
        public ExponentialDelay {
            requirePositive("exponential-delay initial-backoff", initialBackoff);
            requirePositive("exponential-delay max-backoff", maxBackoff);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("exponential-delay max-backoff (" + maxBackoff
                        + ") must be at least initial-backoff (" + initialBackoff + ")");
            }
            if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
                throw new IllegalArgumentException("exponential-delay backoff-multiplier must be a finite number of "
                        + "at least 1.0; was " + backoffMultiplier);
            }
            requirePositive("exponential-delay reset-backoff-threshold", resetBackoffThreshold);
            if (!(jitterFactor >= 0.0 && jitterFactor <= 1.0)) {
                throw new IllegalArgumentException("exponential-delay jitter-factor must be from 0.0 to 1.0; was "
                        + jitterFactor);
            }
        }

        @Override
        public String type() {
            return "exponential-delay";
        }
    }

    /**
     * Restart after {@code delay} as long as no more than {@code maxFailuresPerInterval} failures happened within
     * the last {@code failureInterval} (the failure being handled included); more fail the job.
     *
     * @param maxFailuresPerInterval how many failures an interval may hold, at least 1
     * @param failureInterval the length of the sliding window failures are counted in, above 0
     * @param delay the wait before each restart, 0 or more
     */
    record FailureRate(int maxFailuresPerInterval, Duration failureInterval, Duration delay)
            implements RestartStrategyConfiguration {
        /** @throws IllegalArgumentException if an argument is out of the ranges documented on the record */
        public FailureRate {
            if (maxFailuresPerInterval < 1) {
                throw new IllegalArgumentException("failure-rate max-failures-per-interval must be at least 1; was "
                        + maxFailuresPerInterval);
            }
            requirePositive("failure-rate failure-rate-interval", failureInterval);
            requireNonNegative("failure-rate delay", delay);
        }

        @Override
        public String type() {
            return "failure-rate";
        }
    }

    private static void requireNonNegative(String what, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(what + " must be a duration of 0 or more; was " + value);
        }
    }

    private static void requirePositive(String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be a duration above 0; was " + value);
        }
    }
}
