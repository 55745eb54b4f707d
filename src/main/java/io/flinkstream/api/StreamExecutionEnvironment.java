package io.flinkstream.api;

import com.typesafe.config.Config;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.typeinfo.GenericTypeInfo;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.cluster.NodeSettings;
import io.flinkstream.cluster.jobs.PlanCapture;
import io.flinkstream.cluster.SettingNames;
import io.flinkstream.connectors.CollectionSource;
import io.flinkstream.connectors.SequenceSource;
import io.flinkstream.runtime.graph.CheckpointSettings;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobGraphBuilder;
import io.flinkstream.runtime.graph.StreamNode;
import io.flinkstream.runtime.operators.StreamOperator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Where a job is defined and started: sources, settings, and {@code execute}.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * env.setParallelism(2);
 * env.fromSequence(1, 1_000_000).keyBy(v -> v % 1000).process(new CountPerKey()).print();
 * env.execute("count");
 * }</pre>
 *
 * <p>{@link #getExecutionEnvironment()} runs each job on an embedded single-node cluster started for that job and
 * shut down when it ends. {@link #onNode(FlinkStreamNode)} runs jobs on a node you own, e.g. one shared by many jobs.
 */
public final class StreamExecutionEnvironment {
    private final FlinkStreamNode node;
    private final ExecutionConfig config;
    private final CheckpointConfig checkpointConfig;
    private StateBackend stateBackend;
    private RestartStrategyConfiguration restartStrategy;
    private String restorePath;
    private boolean allowNonRestoredState;
    private final List<StreamNode> streamNodes = new ArrayList<>();
    private int nextNodeId;

    private StreamExecutionEnvironment(FlinkStreamNode node, Config settings) {
        SettingNames.check(settings);
        this.node = node;
        this.config = new ExecutionConfig(settings);
        this.checkpointConfig = CheckpointConfig.fromConfig(settings);
        this.stateBackend = StateBackends.fromConfig(settings);
        this.restartStrategy = RestartStrategies.fromConfig(settings);
        String configured = settings.getString("flinkstream.restore-from");
        this.restorePath = configured.isBlank() ? null : configured;
        this.allowNonRestoredState = settings.getBoolean("flinkstream.allow-non-restored-state");
    }

    /**
     * An environment that runs each job on its own embedded node (the default for a program's main). While a cluster
     * node rebuilds a submitted job from its class ({@link PlanCapture}), an environment whose {@code execute} only
     * hands over the job graph.
     */
    public static StreamExecutionEnvironment getExecutionEnvironment() {
        Config capturing = PlanCapture.activeSettings();
        if (capturing != null) {
            return new StreamExecutionEnvironment(null, capturing);
        }
        return createLocalEnvironment();
    }

    /** Same as {@link #getExecutionEnvironment()}. */
    public static StreamExecutionEnvironment createLocalEnvironment() {
        return new StreamExecutionEnvironment(null, NodeSettings.load());
    }

    /** A local environment with the given default parallelism. */
    public static StreamExecutionEnvironment createLocalEnvironment(int parallelism) {
        StreamExecutionEnvironment env = createLocalEnvironment();
        env.setParallelism(parallelism);
        return env;
    }

    /** An environment that submits its jobs to {@code node}, which the caller starts and closes. */
    public static StreamExecutionEnvironment onNode(FlinkStreamNode node) {
        return new StreamExecutionEnvironment(node, node.system().settings().config());
    }

    /** The settings of the jobs this environment builds. */
    public ExecutionConfig getConfig() {
        return config;
    }

    /** Takes a checkpoint every {@code intervalMillis}, exactly-once. */
    public StreamExecutionEnvironment enableCheckpointing(long intervalMillis) {
        checkpointConfig.setCheckpointInterval(intervalMillis);
        return this;
    }

    /** Takes a checkpoint every {@code intervalMillis} with the given guarantee. */
    public StreamExecutionEnvironment enableCheckpointing(long intervalMillis, CheckpointingMode mode) {
        checkpointConfig.setCheckpointInterval(intervalMillis);
        checkpointConfig.setCheckpointingMode(mode);
        return this;
    }

    /** The checkpoint settings of the jobs this environment builds (from {@code flinkstream.checkpointing}). */
    public CheckpointConfig getCheckpointConfig() {
        return checkpointConfig;
    }

    /** Where checkpoints go: {@link MemoryStateBackend} (default) or {@link FsStateBackend}. */
    public StreamExecutionEnvironment setStateBackend(StateBackend backend) {
        if (backend == null) {
            throw new NullPointerException("setStateBackend(null): pass a MemoryStateBackend or FsStateBackend");
        }
        this.stateBackend = backend;
        return this;
    }

    public StateBackend getStateBackend() {
        return stateBackend;
    }

    /** What a job does when a subtask fails; unset, a job with checkpointing restarts (fixed delay), else fails. */
    public StreamExecutionEnvironment setRestartStrategy(RestartStrategyConfiguration strategy) {
        this.restartStrategy = strategy;
        return this;
    }

    /**
     * Starts the next job from a retained checkpoint of an earlier run — for example after the whole process died:
     * {@code path} is a checkpoint's {@code _metadata} file, its {@code chk-<n>} directory, or a job's checkpoint
     * directory ({@code <checkpoints-dir>/<job id>}), meaning its latest completed checkpoint. State is found by
     * operator id ({@code uid(...)}, or derived from the operator's place in the graph) and shared out at the new
     * parallelism; the max parallelism of keyed operators must not change. Also {@code flinkstream.restore-from}.
     */
    public StreamExecutionEnvironment restoreFromCheckpoint(String path) {
        this.restorePath = path;
        return this;
    }

    /**
     * Whether a restore may drop the state of operators this job no longer has (Flink's
     * {@code allowNonRestoredState}). Off by default: such a restore fails at start, naming the operator, so that
     * state is never lost silently. Also {@code flinkstream.allow-non-restored-state}.
     *
     * <pre>{@code
     * env.restoreFromCheckpoint("/data/checkpoints/<job id>").setAllowNonRestoredState(true);
     * }</pre>
     */
    public StreamExecutionEnvironment setAllowNonRestoredState(boolean allow) {
        this.allowNonRestoredState = allow;
        return this;
    }

    /** The restart strategy set, or null when the default applies. */
    public RestartStrategyConfiguration getRestartStrategy() {
        return restartStrategy;
    }

    /** The default parallelism of operators that set none. */
    public StreamExecutionEnvironment setParallelism(int parallelism) {
        config.setParallelism(parallelism);
        return this;
    }

    public int getParallelism() {
        return config.getParallelism();
    }

    /** The number of key groups: the most subtasks a keyed operator may ever have (default 128). */
    public StreamExecutionEnvironment setMaxParallelism(int maxParallelism) {
        config.setMaxParallelism(maxParallelism);
        return this;
    }

    public int getMaxParallelism() {
        return config.getMaxParallelism();
    }

    /** The numbers {@code from..to}, both inclusive, split evenly over the source's subtasks. */
    public DataStreamSource<Long> fromSequence(long from, long to) {
        return fromSource(new SequenceSource(from, to), "Sequence Source", Types.LONG);
    }

    /**
     * The given elements, in order, from a non-parallel source. Any type: the elements are copied with their type's
     * serializer (the type of the first element), so they need not be {@link java.io.Serializable}.
     */
    @SafeVarargs
    public final <T> DataStreamSource<T> fromElements(T... elements) {
        return fromCollection(Arrays.asList(elements));
    }

    /** The given elements of type {@code type} (or its subclasses), in order, from a non-parallel source. */
    @SafeVarargs
    public final <T> DataStreamSource<T> fromElements(Class<T> type, T... elements) {
        return fromCollection(Arrays.asList(elements), TypeInformation.of(type));
    }

    /** The collection's elements, in order, from a non-parallel source; their type is the first element's. */
    @SuppressWarnings("unchecked")
    public <T> DataStreamSource<T> fromCollection(Collection<T> elements) {
        if (elements == null) {
            throw new NullPointerException("fromCollection(null): pass a collection");
        }
        T first = elements.isEmpty() ? null : elements.iterator().next();
        TypeInformation<T> type = first == null ? (TypeInformation<T>) new GenericTypeInfo<>(Object.class)
                : (TypeInformation<T>) TypeInformation.of(first.getClass());
        return fromCollection(elements, type);
    }

    /** The collection's elements of type {@code type}, in order, from a non-parallel source. */
    public <T> DataStreamSource<T> fromCollection(Collection<T> elements, TypeInformation<T> type) {
        if (elements == null || type == null) {
            throw new NullPointerException("fromCollection(elements, type) needs both");
        }
        TypeSerializer<T> serializer;
        try {
            serializer = type.createSerializer(config.getSerializerConfig());
        } catch (UnsupportedOperationException e) {
            throw new InvalidJobException("fromCollection/fromElements: " + e.getMessage());
        }
        DataStreamSource<T> stream = fromSource(new CollectionSource<>(elements, serializer), "Collection Source",
                type);
        streamNodes.get(streamNodes.size() - 1).markNonParallel();
        return stream;
    }

    /** Records from a user-defined {@link Source}; their type is extracted from the source's class. */
    public <T> DataStreamSource<T> fromSource(Source<T, ?> source, String sourceName) {
        if (source == null) {
            throw new NullPointerException("fromSource(null, ...): pass a Source");
        }
        return fromSource(source, sourceName, OperatorTypes.source(source));
    }

    /** Records of type {@code type} from a user-defined {@link Source}. */
    public <T> DataStreamSource<T> fromSource(Source<T, ?> source, String sourceName, TypeInformation<T> type) {
        if (source == null) {
            throw new NullPointerException("fromSource(null, ...): pass a Source");
        }
        StreamNode sourceNode = StreamNode.source(nextNodeId++, "Source: " + sourceName, source);
        sourceNode.setOutputType(type);
        streamNodes.add(sourceNode);
        return new DataStreamSource<>(this, sourceNode);
    }

    StreamNode addOperator(String name, StreamOperator<?, ?> operator, boolean sink, List<DataStream.Input> inputs,
                           TypeInformation<?> keyType) {
        StreamNode operatorNode = StreamNode.operator(nextNodeId++, name, operator, sink);
        DataStream.edgesTo(operatorNode.id(), inputs, keyType).forEach(operatorNode::addInput);
        streamNodes.add(operatorNode);
        return operatorNode;
    }

    /** Runs the job and waits for it to end. */
    public JobExecutionResult execute() throws Exception {
        return execute("FlinkStream Job");
    }

    /**
     * Runs the job and waits for it to end.
     *
     * @throws InvalidJobException if the job cannot run as defined, before anything runs
     * @throws JobExecutionException if the job failed or was cancelled
     */
    public JobExecutionResult execute(String jobName) throws Exception {
        JobClient client = executeAsync(jobName);
        try {
            return client.getJobExecutionResult().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JobExecutionException failure) {
                throw failure;
            }
            throw e;
        } catch (InterruptedException e) {
            client.cancel();
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** Starts the job and returns at once with a handle on it. */
    public JobClient executeAsync(String jobName) {
        JobGraph graph = JobGraphBuilder.build(jobName, streamNodes, config.getParallelism(),
                config.getMaxParallelism(), config.runtimeSettings(),
                new CheckpointSettings(checkpointConfig, stateBackend, restartStrategy, restorePath,
                        allowNonRestoredState));
        streamNodes.clear();
        if (PlanCapture.isActive()) {
            throw PlanCapture.captured(graph);
        }
        ClassLoader userCode = Thread.currentThread().getContextClassLoader();
        if (node != null) {
            return node.submit(graph, userCode);
        }
        FlinkStreamNode owned = FlinkStreamNode.startEmbedded();
        JobClient client = owned.submit(graph, userCode);
        return new OwnedNodeJobClient(client, owned);
    }

    /** A job on a node started for it alone: the node stops when the job ends, before the result completes. */
    private static final class OwnedNodeJobClient implements JobClient {
        private final JobClient delegate;
        private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();

        OwnedNodeJobClient(JobClient delegate, FlinkStreamNode node) {
            this.delegate = delegate;
            delegate.getJobExecutionResult().whenComplete((r, e) -> {
                node.closeAsync().whenComplete((done, x) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(r);
                    }
                });
            });
        }

        @Override
        public String getJobID() {
            return delegate.getJobID();
        }

        @Override
        public CompletableFuture<JobStatus> getJobStatus() {
            return delegate.getJobStatus();
        }

        @Override
        public CompletableFuture<JobMetrics> getJobMetrics() {
            return delegate.getJobMetrics();
        }

        @Override
        public CompletableFuture<Void> cancel() {
            return delegate.cancel();
        }

        @Override
        public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
            return result;
        }
    }
}
