package io.flinkstream.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.flinkstream.api.typeinfo.SerializerConfig;
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
    private boolean objectReuse;
    private boolean serializeLocalBatches;
    private final SerializerConfig serializerConfig = new SerializerConfig();

    ExecutionConfig(Config config) {
        int configured = intAtLeast(config, "flinkstream.parallelism", 0);
        this.parallelism = configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
        this.maxParallelism = intAtLeast(config, "flinkstream.max-parallelism", 1);
        this.batchSize = intAtLeast(config, "flinkstream.network.batch-size", 1);
        this.creditsPerChannel = intAtLeast(config, "flinkstream.network.credits-per-channel", 1);
        this.sourceBatchesPerSlice = intAtLeast(config, "flinkstream.network.source-batches-per-slice", 1);
        this.objectReuse = config.getBoolean("flinkstream.object-reuse");
        this.serializeLocalBatches = config.getBoolean("flinkstream.network.serialize-local-batches");
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

    /**
     * Lets operators hand records to the next operator without copying them, as Flink's option of the same name. Off
     * (the default), a record of a mutable type is copied with its serializer before the next operator sees it, so a
     * function that emits the same object again and again, or changes a record after emitting it, cannot change what
     * others received. Records of immutable types (Long, String, records of immutable fields…) are never copied.
     * Also {@code flinkstream.object-reuse}.
     */
    public ExecutionConfig enableObjectReuse() {
        this.objectReuse = true;
        return this;
    }

    /** Copies records of mutable types between operators again (the default). */
    public ExecutionConfig disableObjectReuse() {
        this.objectReuse = false;
        return this;
    }

    /** Whether records are handed on without copies. */
    public boolean isObjectReuseEnabled() {
        return objectReuse;
    }

    /** The settings of the job's serializers: generic types allowed or not, Kryo registrations. */
    public SerializerConfig getSerializerConfig() {
        return serializerConfig;
    }

    /** Fails a job that needs the generic serializer (Kryo) for a record or state type, naming the type. */
    public ExecutionConfig disableGenericTypes() {
        serializerConfig.setGenericTypes(false);
        return this;
    }

    /** Allows types for the generic serializer again (the default). */
    public ExecutionConfig enableGenericTypes() {
        serializerConfig.setGenericTypes(true);
        return this;
    }

    /**
     * Serializes every batch between subtasks even inside one JVM, as if it crossed the network: a test mode that
     * proves every record type survives the wire. Also {@code flinkstream.network.serialize-local-batches}.
     */
    public ExecutionConfig setSerializeLocalBatches(boolean serialize) {
        this.serializeLocalBatches = serialize;
        return this;
    }

    /** Whether batches are serialized inside one JVM too. */
    public boolean isSerializeLocalBatches() {
        return serializeLocalBatches;
    }

    RuntimeSettings runtimeSettings() {
        return new RuntimeSettings(batchSize, creditsPerChannel, sourceBatchesPerSlice, objectReuse,
                serializeLocalBatches, serializerConfig);
    }
}
