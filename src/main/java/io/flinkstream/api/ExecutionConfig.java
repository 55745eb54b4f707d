package io.flinkstream.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.flinkstream.runtime.graph.RuntimeSettings;

/**
 * Settings of the jobs an environment builds. Defaults come from the {@code flinkstream} section of
 * {@code application.conf} / {@code reference.conf}; the setters override them for this environment.
 */
public final class ExecutionConfig {
    private int parallelism;
    private int maxParallelism;
    private int batchSize;
    private int creditsPerChannel;
    private int sourceBatchesPerSlice;

    ExecutionConfig(Config config) {
        int configured = intAtLeast(config, "flinkstream.parallelism", 0);
        this.parallelism = configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
        this.maxParallelism = intAtLeast(config, "flinkstream.max-parallelism", 1);
        this.batchSize = intAtLeast(config, "flinkstream.network.batch-size", 1);
        this.creditsPerChannel = intAtLeast(config, "flinkstream.network.credits-per-channel", 1);
        this.sourceBatchesPerSlice = intAtLeast(config, "flinkstream.network.source-batches-per-slice", 1);
    }

    private static int intAtLeast(Config config, String path, int min) {
        int value = config.getInt(path);
        if (value < min) {
            throw new ConfigException.BadValue(config.origin(), path, "must be at least " + min + ", was " + value);
        }
        return value;
    }

    public int getParallelism() {
        return parallelism;
    }

    public ExecutionConfig setParallelism(int parallelism) {
        this.parallelism = parallelism;
        return this;
    }

    public int getMaxParallelism() {
        return maxParallelism;
    }

    public ExecutionConfig setMaxParallelism(int maxParallelism) {
        this.maxParallelism = maxParallelism;
        return this;
    }

    /** Records per batch between subtasks (default 1024). */
    public int getBatchSize() {
        return batchSize;
    }

    public ExecutionConfig setBatchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    /** Batches a receiver lets a sender have in flight per channel (default 4): bounds memory, sets backpressure. */
    public int getCreditsPerChannel() {
        return creditsPerChannel;
    }

    public ExecutionConfig setCreditsPerChannel(int creditsPerChannel) {
        this.creditsPerChannel = creditsPerChannel;
        return this;
    }

    RuntimeSettings runtimeSettings() {
        return new RuntimeSettings(batchSize, creditsPerChannel, sourceBatchesPerSlice);
    }
}
