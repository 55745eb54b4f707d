package io.flinkstream.runtime.graph;

import io.flinkstream.api.CheckpointConfig;
import io.flinkstream.api.MemoryStateBackend;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RestartStrategyConfiguration;
import io.flinkstream.api.StateBackend;

/**
 * Fault-tolerance settings of a job, frozen at {@code execute}.
 *
 * @param config checkpoint interval, mode, timeouts and retention (a private copy)
 * @param backend where snapshots go
 * @param restartStrategy what to do when a subtask fails; never null (the default is resolved here)
 * @param restorePath a retained checkpoint to start from (its {@code _metadata} file, its {@code chk-<n>} directory,
 *                    or a job's checkpoint directory for its latest), or null to start fresh
 * @param allowNonRestoredState whether a restore may drop the state of operators the job no longer has
 */
public record CheckpointSettings(CheckpointConfig config, StateBackend backend,
                                 RestartStrategyConfiguration restartStrategy, String restorePath,
                                 boolean allowNonRestoredState) {

    /** Settings whose restore, if any, refuses state of operators the job lacks. */
    public CheckpointSettings(CheckpointConfig config, StateBackend backend,
                              RestartStrategyConfiguration restartStrategy, String restorePath) {
        this(config, backend, restartStrategy, restorePath, false);
    }

    /** No checkpoints, no restarts. */
    public static final CheckpointSettings DISABLED = new CheckpointSettings(new CheckpointConfig(),
            new MemoryStateBackend(), RestartStrategies.noRestart(), null);

    public CheckpointSettings {
        config = new CheckpointConfig(config);
        if (restartStrategy == null) {
            restartStrategy = RestartStrategies.defaultFor(config.isCheckpointingEnabled());
        }
    }

    /** Whether checkpoints are taken. */
    public boolean enabled() {
        return config.isCheckpointingEnabled();
    }
}
