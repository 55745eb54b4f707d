package io.flinkstream.api;

import com.typesafe.config.Config;

import java.time.Duration;
import java.util.Map;

/**
 * Restart strategies, as in Flink: what a job does when one of its subtasks fails.
 *
 * <pre>{@code
 * env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ofSeconds(10)));
 * env.setRestartStrategy(RestartStrategies.exponentialDelayRestart(
 *         Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5, Duration.ofHours(1), 0.1));
 * env.setRestartStrategy(RestartStrategies.failureRateRestart(3, Duration.ofMinutes(5), Duration.ofSeconds(10)));
 * }</pre>
 *
 * <p>When no strategy is set in code or configuration, {@link #defaultFor(boolean)} decides: a job without
 * checkpointing does not restart; a job with checkpointing restarts after 1 s, any number of times.
 */
public final class RestartStrategies {
    private static final String PREFIX = "flinkstream.restart-strategy.";

    private static final Map<String, String> TYPES = Map.of(
            "none", "none", "off", "none", "disable", "none",
            "fixed-delay", "fixed-delay", "fixeddelay", "fixed-delay",
            "exponential-delay", "exponential-delay", "exponentialdelay", "exponential-delay",
            "failure-rate", "failure-rate", "failurerate", "failure-rate");

    private RestartStrategies() {
    }

    /** Never restart: the first failure fails the job. */
    public static RestartStrategyConfiguration noRestart() {
        return new RestartStrategyConfiguration.NoRestart();
    }

    /**
     * Restart up to {@code restartAttempts} times, {@code delay} after each failure.
     *
     * @throws IllegalArgumentException if {@code restartAttempts} or {@code delay} is negative
     */
    public static RestartStrategyConfiguration fixedDelayRestart(int restartAttempts, Duration delay) {
        return new RestartStrategyConfiguration.FixedDelay(restartAttempts, delay);
    }

    /**
     * Restart every time, with a wait that grows by {@code backoffMultiplier} after each failure up to
     * {@code maxBackoff}, and resets to {@code initialBackoff} after {@code resetBackoffThreshold} without failure.
     * See {@link RestartStrategyConfiguration.ExponentialDelay}.
     *
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static RestartStrategyConfiguration exponentialDelayRestart(Duration initialBackoff, Duration maxBackoff,
            double backoffMultiplier, Duration resetBackoffThreshold, double jitterFactor) {
        return new RestartStrategyConfiguration.ExponentialDelay(initialBackoff, maxBackoff, backoffMultiplier,
                resetBackoffThreshold, jitterFactor);
    }

    /**
     * Restart {@code delay} after a failure, unless more than {@code maxFailuresPerInterval} failures happened
     * within the last {@code failureInterval}.
     *
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static RestartStrategyConfiguration failureRateRestart(int maxFailuresPerInterval, Duration failureInterval,
            Duration delay) {
        return new RestartStrategyConfiguration.FailureRate(maxFailuresPerInterval, failureInterval, delay);
    }

    /**
     * The strategy of a job that set none, as in Flink 1.x: with checkpointing, fixed delay with
     * {@link Integer#MAX_VALUE} attempts and a 1 s delay; without, no restart.
     */
    public static RestartStrategyConfiguration defaultFor(boolean checkpointingEnabled) {
        return checkpointingEnabled ? fixedDelayRestart(Integer.MAX_VALUE, Duration.ofSeconds(1)) : noRestart();
    }

    /**
     * Reads {@code flinkstream.restart-strategy}; only the section of the chosen type is read:
     *
     * <pre>
     * flinkstream.restart-strategy {
     *   type = fixed-delay   # none | fixed-delay | exponential-delay | failure-rate; unset = not set
     *   fixed-delay { attempts = 3, delay = 10s }
     *   exponential-delay { initial-backoff = 1s, max-backoff = 1m, backoff-multiplier = 1.5,
     *                       reset-backoff-threshold = 1h, jitter-factor = 0.1 }
     *   failure-rate { max-failures-per-interval = 1, failure-rate-interval = 1m, delay = 1s }
     * }
     * </pre>
     *
     * @return the configured strategy, or {@code null} when {@code type} is absent or null, meaning "not set" (then
     *     {@link #defaultFor(boolean)} applies)
     * @throws com.typesafe.config.ConfigException.BadValue naming the key's path and what is allowed, if a value is
     *     invalid
     */
    public static RestartStrategyConfiguration fromConfig(Config config) {
        if (!config.hasPath(PREFIX + "type")) {
            return null;
        }
        String type = ConfigValues.oneOf(config, PREFIX + "type", TYPES,
                "none, fixed-delay, exponential-delay or failure-rate");
        return switch (type) {
            case "none" -> noRestart();
            case "fixed-delay" -> fixedDelayRestart(
                    ConfigValues.intAtLeast(config, PREFIX + "fixed-delay.attempts", 0),
                    nonNegative(config, PREFIX + "fixed-delay.delay"));
            case "exponential-delay" -> readExponentialDelay(config, PREFIX + "exponential-delay.");
            case "failure-rate" -> failureRateRestart(
                    ConfigValues.intAtLeast(config, PREFIX + "failure-rate.max-failures-per-interval", 1),
                    positive(config, PREFIX + "failure-rate.failure-rate-interval"),
                    nonNegative(config, PREFIX + "failure-rate.delay"));
            default -> throw new IllegalStateException("unhandled restart strategy type " + type);
        };
    }

    private static RestartStrategyConfiguration readExponentialDelay(Config config, String prefix) {
        Duration initial = positive(config, prefix + "initial-backoff");
        Duration max = positive(config, prefix + "max-backoff");
        if (max.compareTo(initial) < 0) {
            throw ConfigValues.bad(config, prefix + "max-backoff",
                    "must be at least initial-backoff (" + initial.toMillis() + "ms)");
        }
        double multiplier = ConfigValues.doubleBetween(config, prefix + "backoff-multiplier", 1.0, Double.MAX_VALUE);
        Duration reset = positive(config, prefix + "reset-backoff-threshold");
        double jitter = ConfigValues.doubleBetween(config, prefix + "jitter-factor", 0.0, 1.0);
        return exponentialDelayRestart(initial, max, multiplier, reset, jitter);
    }

    private static Duration positive(Config config, String path) {
        return ConfigValues.duration(config, path, Duration.ofMillis(1),
                "must be a duration above 0, such as 500ms or 10s");
    }

    private static Duration nonNegative(Config config, String path) {
        return ConfigValues.duration(config, path, Duration.ZERO, "must be a duration of 0 or more, such as 0s or 10s");
    }
}
