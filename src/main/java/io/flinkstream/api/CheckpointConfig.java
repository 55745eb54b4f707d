package io.flinkstream.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How a job takes checkpoints, with Apache Flink's names. Checkpointing is off until an interval is set.
 *
 * <pre>{@code
 * CheckpointConfig checkpoints = env.getCheckpointConfig();
 * checkpoints.setCheckpointInterval(30_000);
 * checkpoints.setCheckpointingMode(CheckpointingMode.EXACTLY_ONCE);
 * checkpoints.setMinPauseBetweenCheckpoints(5_000);
 * checkpoints.setNumRetainedCheckpoints(3);
 * }</pre>
 *
 * <p>Defaults come from {@code flinkstream.checkpointing} in {@code application.conf} / {@code reference.conf}
 * ({@link #fromConfig(Config)}); the setters override them. Every setter checks its argument and throws
 * {@link IllegalArgumentException} saying what is allowed. Unlike Flink's, the setters return {@code this}, so calls
 * can be chained; code written for Flink compiles unchanged. Not thread-safe: configure it before the job starts.
 */
public final class CheckpointConfig {
    /** The smallest checkpoint interval and timeout, in milliseconds (as in Flink). */
    public static final long MINIMAL_CHECKPOINT_TIME = 10;

    /** The interval value meaning "checkpointing is off". */
    public static final long DISABLED_INTERVAL = -1;

    /** Default timeout: 10 minutes. */
    public static final long DEFAULT_TIMEOUT = 10 * 60 * 1000;

    /** How many checkpoints' statistics a job keeps by default, as Flink's {@code web.checkpoints.history}. */
    public static final int DEFAULT_STATS_HISTORY_SIZE = 10;

    private static final String PREFIX = "flinkstream.checkpointing.";

    private long checkpointInterval = DISABLED_INTERVAL;
    private CheckpointingMode checkpointingMode = CheckpointingMode.EXACTLY_ONCE;
    private long checkpointTimeout = DEFAULT_TIMEOUT;
    private long minPauseBetweenCheckpoints;
    private int maxConcurrentCheckpoints = 1;
    private int tolerableCheckpointFailureNumber;
    private int numRetainedCheckpoints = 1;
    private int checkpointStatsHistorySize = DEFAULT_STATS_HISTORY_SIZE;
    private ExternalizedCheckpointRetention externalizedCheckpointRetention =
            ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION;

    /** A configuration with Flink's defaults: off, exactly-once, 10 min timeout, one concurrent, one retained. */
    public CheckpointConfig() {
    }

    /** A copy of {@code other}, e.g. to freeze the settings a job was started with. */
    public CheckpointConfig(CheckpointConfig other) {
        this.checkpointInterval = other.checkpointInterval;
        this.checkpointingMode = other.checkpointingMode;
        this.checkpointTimeout = other.checkpointTimeout;
        this.minPauseBetweenCheckpoints = other.minPauseBetweenCheckpoints;
        this.maxConcurrentCheckpoints = other.maxConcurrentCheckpoints;
        this.tolerableCheckpointFailureNumber = other.tolerableCheckpointFailureNumber;
        this.numRetainedCheckpoints = other.numRetainedCheckpoints;
        this.checkpointStatsHistorySize = other.checkpointStatsHistorySize;
        this.externalizedCheckpointRetention = other.externalizedCheckpointRetention;
    }

    /**
     * Reads {@code flinkstream.checkpointing}:
     *
     * <pre>
     * flinkstream.checkpointing {
     *   interval = off            # or a duration of at least 10ms, e.g. 30s
     *   mode = exactly-once       # or at-least-once
     *   timeout = 10m
     *   min-pause = 0ms
     *   max-concurrent = 1
     *   tolerable-failures = 0
     *   retained = 1
     *   retain-on-cancel = false
     *   history-size = 10         # checkpoint statistics kept (the newest), as Flink's web.checkpoints.history
     * }
     * </pre>
     *
     * @throws com.typesafe.config.ConfigException.BadValue naming the key's path and what is allowed, if a value is
     *     invalid
     * @throws com.typesafe.config.ConfigException.Missing if a key is absent (the defaults live in
     *     {@code reference.conf})
     */
    public static CheckpointConfig fromConfig(Config config) {
        CheckpointConfig result = new CheckpointConfig();
        result.checkpointInterval = readInterval(config, PREFIX + "interval");
        result.checkpointingMode = ConfigValues.oneOf(config, PREFIX + "mode",
                Map.of("exactly-once", CheckpointingMode.EXACTLY_ONCE, "exactly_once", CheckpointingMode.EXACTLY_ONCE,
                        "at-least-once", CheckpointingMode.AT_LEAST_ONCE,
                        "at_least_once", CheckpointingMode.AT_LEAST_ONCE),
                "exactly-once or at-least-once");
        result.checkpointTimeout = ConfigValues.duration(config, PREFIX + "timeout",
                Duration.ofMillis(MINIMAL_CHECKPOINT_TIME), "must be a duration of at least 10ms, such as 10m")
                .toMillis();
        result.minPauseBetweenCheckpoints = ConfigValues.duration(config, PREFIX + "min-pause", Duration.ZERO,
                "must be a duration of at least 0ms, such as 0ms or 5s").toMillis();
        result.maxConcurrentCheckpoints = ConfigValues.intAtLeast(config, PREFIX + "max-concurrent", 1);
        result.tolerableCheckpointFailureNumber = ConfigValues.intAtLeast(config, PREFIX + "tolerable-failures", 0);
        result.numRetainedCheckpoints = ConfigValues.intAtLeast(config, PREFIX + "retained", 1);
        result.externalizedCheckpointRetention = ConfigValues.bool(config, PREFIX + "retain-on-cancel")
                ? ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION
                : ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION;
        if (config.hasPath(PREFIX + "history-size")) {
            result.checkpointStatsHistorySize = ConfigValues.intAtLeast(config, PREFIX + "history-size", 1);
        }
        return result;
    }

    private static long readInterval(Config config, String path) {
        String allowed = "must be off or a duration of at least 10ms, such as 30s";
        ConfigValue value = config.getValue(path);
        if (value.valueType() == ConfigValueType.STRING
                && "off".equals(((String) value.unwrapped()).trim().toLowerCase(Locale.ROOT))) {
            return DISABLED_INTERVAL;
        }
        return ConfigValues.duration(config, path, Duration.ofMillis(MINIMAL_CHECKPOINT_TIME), allowed).toMillis();
    }

    /** Whether checkpoints are taken, i.e. an interval is set. */
    public boolean isCheckpointingEnabled() {
        return checkpointInterval > 0;
    }

    /** Milliseconds between the starts of two checkpoints, or {@value #DISABLED_INTERVAL} when off. */
    public long getCheckpointInterval() {
        return checkpointInterval;
    }

    /**
     * Turns checkpointing on with a checkpoint every {@code checkpointInterval} ms (measured between triggers), or
     * off with {@value #DISABLED_INTERVAL}.
     *
     * @throws IllegalArgumentException unless the interval is at least {@value #MINIMAL_CHECKPOINT_TIME} ms or
     *     {@value #DISABLED_INTERVAL}
     */
    public CheckpointConfig setCheckpointInterval(long checkpointInterval) {
        if (checkpointInterval != DISABLED_INTERVAL && checkpointInterval < MINIMAL_CHECKPOINT_TIME) {
            throw new IllegalArgumentException("The checkpoint interval must be at least " + MINIMAL_CHECKPOINT_TIME
                    + " ms, or " + DISABLED_INTERVAL + " to turn checkpointing off; was " + checkpointInterval);
        }
        this.checkpointInterval = checkpointInterval;
        return this;
    }

    /** Exactly-once (aligned barriers, the default) or at-least-once. */
    public CheckpointingMode getCheckpointingMode() {
        return checkpointingMode;
    }

    /**
     * Sets whether barriers are aligned.
     *
     * @throws IllegalArgumentException if {@code mode} is null
     */
    public CheckpointConfig setCheckpointingMode(CheckpointingMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException(
                    "The checkpointing mode must be EXACTLY_ONCE or AT_LEAST_ONCE, not null");
        }
        this.checkpointingMode = mode;
        return this;
    }

    /** Milliseconds a checkpoint may take from trigger to completion before it is expired (failed). */
    public long getCheckpointTimeout() {
        return checkpointTimeout;
    }

    /**
     * Sets how long a checkpoint may take before it is expired and counted as failed.
     *
     * @throws IllegalArgumentException unless the timeout is at least {@value #MINIMAL_CHECKPOINT_TIME} ms
     */
    public CheckpointConfig setCheckpointTimeout(long checkpointTimeout) {
        if (checkpointTimeout < MINIMAL_CHECKPOINT_TIME) {
            throw new IllegalArgumentException("The checkpoint timeout must be at least " + MINIMAL_CHECKPOINT_TIME
                    + " ms; was " + checkpointTimeout);
        }
        this.checkpointTimeout = checkpointTimeout;
        return this;
    }

    /** Milliseconds between the end of one checkpoint and the start of the next (default 0). */
    public long getMinPauseBetweenCheckpoints() {
        return minPauseBetweenCheckpoints;
    }

    /**
     * Sets the least time between the end (completion or failure) of a checkpoint and the trigger of the next. A
     * pause above 0 also means at most one checkpoint runs at a time, whatever
     * {@link #setMaxConcurrentCheckpoints(int)} says (as in Flink).
     *
     * @throws IllegalArgumentException if the pause is negative
     */
    public CheckpointConfig setMinPauseBetweenCheckpoints(long minPauseBetweenCheckpoints) {
        if (minPauseBetweenCheckpoints < 0) {
            throw new IllegalArgumentException("The minimum pause between checkpoints must be 0 ms or more; was "
                    + minPauseBetweenCheckpoints);
        }
        this.minPauseBetweenCheckpoints = minPauseBetweenCheckpoints;
        return this;
    }

    /** How many checkpoints may be in progress at once (default 1). */
    public int getMaxConcurrentCheckpoints() {
        return maxConcurrentCheckpoints;
    }

    /**
     * Sets how many checkpoints may be in progress at once.
     *
     * @throws IllegalArgumentException if the number is below 1
     */
    public CheckpointConfig setMaxConcurrentCheckpoints(int maxConcurrentCheckpoints) {
        if (maxConcurrentCheckpoints < 1) {
            throw new IllegalArgumentException("The maximum number of concurrent checkpoints must be at least 1; was "
                    + maxConcurrentCheckpoints);
        }
        this.maxConcurrentCheckpoints = maxConcurrentCheckpoints;
        return this;
    }

    /** How many checkpoint failures in a row the job tolerates before it fails over (default 0). */
    public int getTolerableCheckpointFailureNumber() {
        return tolerableCheckpointFailureNumber;
    }

    /**
     * Sets how many consecutive checkpoint failures (expired, declined, or failed to write) are tolerated; one more
     * fails the job over. A completed checkpoint resets the count.
     *
     * @throws IllegalArgumentException if the number is negative
     */
    public CheckpointConfig setTolerableCheckpointFailureNumber(int tolerableCheckpointFailureNumber) {
        if (tolerableCheckpointFailureNumber < 0) {
            throw new IllegalArgumentException("The tolerable checkpoint failure number must be 0 or more; was "
                    + tolerableCheckpointFailureNumber);
        }
        this.tolerableCheckpointFailureNumber = tolerableCheckpointFailureNumber;
        return this;
    }

    /** How many completed checkpoints are kept (default 1); older ones are deleted once a newer one completes. */
    public int getNumRetainedCheckpoints() {
        return numRetainedCheckpoints;
    }

    /**
     * Sets how many completed checkpoints are kept. Flink sets this with {@code state.checkpoints.num-retained}.
     * Keeping more than one lets recovery fall back to an older checkpoint if the newest is unreadable.
     *
     * @throws IllegalArgumentException if the number is below 1
     */
    public CheckpointConfig setNumRetainedCheckpoints(int numRetainedCheckpoints) {
        if (numRetainedCheckpoints < 1) {
            throw new IllegalArgumentException("The number of retained checkpoints must be at least 1; was "
                    + numRetainedCheckpoints);
        }
        this.numRetainedCheckpoints = numRetainedCheckpoints;
        return this;
    }

    /** How many checkpoints' statistics a job keeps, the newest (default {@value #DEFAULT_STATS_HISTORY_SIZE}). */
    public int getCheckpointStatsHistorySize() {
        return checkpointStatsHistorySize;
    }

    /**
     * Sets how many checkpoints' statistics a job keeps for {@code JobClient.getCheckpointStats()}: the newest, as
     * Flink's {@code web.checkpoints.history}. Older ones are dropped, so a job taking thousands of checkpoints does
     * not grow; the counts of completed, failed, in-progress and restored checkpoints cover the whole run.
     *
     * @throws IllegalArgumentException if the size is below 1
     */
    public CheckpointConfig setCheckpointStatsHistorySize(int historySize) {
        if (historySize < 1) {
            throw new IllegalArgumentException("The checkpoint statistics history must keep at least 1 checkpoint; "
                    + "was " + historySize + " (CheckpointConfig.setCheckpointStatsHistorySize or "
                    + "flinkstream.checkpointing.history-size)");
        }
        this.checkpointStatsHistorySize = historySize;
        return this;
    }

    /** What happens to retained checkpoints when the job is cancelled (default: deleted). */
    public ExternalizedCheckpointRetention getExternalizedCheckpointRetention() {
        return externalizedCheckpointRetention;
    }

    /**
     * Sets whether retained checkpoints survive cancelling the job.
     *
     * @throws IllegalArgumentException if {@code retention} is null
     */
    public CheckpointConfig setExternalizedCheckpointRetention(ExternalizedCheckpointRetention retention) {
        if (retention == null) {
            throw new IllegalArgumentException(
                    "The retention must be RETAIN_ON_CANCELLATION or DELETE_ON_CANCELLATION, not null");
        }
        this.externalizedCheckpointRetention = retention;
        return this;
    }

    /** Whether {@link ExternalizedCheckpointRetention#RETAIN_ON_CANCELLATION} is set. */
    public boolean isRetainedOnCancellation() {
        return externalizedCheckpointRetention == ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION;
    }

    @Override
    public String toString() {
        return "CheckpointConfig{interval=" + (isCheckpointingEnabled() ? checkpointInterval + "ms" : "off")
                + ", mode=" + checkpointingMode + ", timeout=" + checkpointTimeout + "ms, minPause="
                + minPauseBetweenCheckpoints + "ms, maxConcurrent=" + maxConcurrentCheckpoints
                + ", tolerableFailures=" + tolerableCheckpointFailureNumber + ", retained=" + numRetainedCheckpoints
                + ", " + externalizedCheckpointRetention + "}";
    }
}
