package io.flinkstream.api;

import io.flinkstream.api.typeinfo.GenericTypeInfo;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.connectors.PrintSink;
import io.flinkstream.runtime.graph.Partitioning;
import io.flinkstream.runtime.graph.StreamEdge;
import io.flinkstream.runtime.graph.StreamNode;
import io.flinkstream.runtime.operators.FilterOperator;
import io.flinkstream.runtime.operators.FlatMapOperator;
import io.flinkstream.runtime.operators.KeyedProcessOperator;
import io.flinkstream.runtime.operators.MapOperator;
import io.flinkstream.runtime.operators.ProcessOperator;
import io.flinkstream.runtime.operators.SinkOperator;
import io.flinkstream.runtime.operators.StreamOperator;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream of records of type {@code T}. Each transformation returns a new stream; {@code name}, {@code uid} and
 * {@code setParallelism} act on the operator that produced this stream.
 *
 * <pre>{@code
 * env.fromSequence(1, 100)
 *    .filter(v -> v % 2 == 0).name("evens")
 *    .map(v -> v * v).setParallelism(4)
 *    .print();
 * }</pre>
 *
 * @param <T> record type
 */
public class DataStream<T> {

    /**
     * One upstream operator feeding this stream, and how its records are spread to the next operator.
     *
     * @param nodeId the upstream stream node
     * @param partitioning how records go to the next operator's subtasks
     * @param keySelector the key, for {@link Partitioning#HASH}
     */
    record Input(int nodeId, Partitioning partitioning, KeySelector<?, ?> keySelector) {
    }

    protected final StreamExecutionEnvironment environment;
    private final StreamNode node;
    private final List<Input> inputs;
    /** The type of a stream that has no node of its own (keyBy, union, rebalance): its input's. */
    private final TypeInformation<T> inheritedType;

    DataStream(StreamExecutionEnvironment environment, StreamNode node) {
        this(environment, node, List.of(new Input(node.id(), Partitioning.FORWARD, null)), null);
    }

    DataStream(StreamExecutionEnvironment environment, StreamNode node, List<Input> inputs,
               TypeInformation<T> inheritedType) {
        this.environment = environment;
        this.node = node;
        this.inputs = List.copyOf(inputs);
        this.inheritedType = inheritedType;
    }

    /**
     * The type of this stream's records: extracted from the function that produced them, or given with
     * {@code returns(...)}; a generic type when erasure hid it (a lambda whose result type the compiler erased).
     */
    @SuppressWarnings("unchecked")
    public TypeInformation<T> getType() {
        TypeInformation<?> type = node != null ? node.outputType() : inheritedType;
        return type != null ? (TypeInformation<T>) type : (TypeInformation<T>) new GenericTypeInfo<>(Object.class);
    }

    /**
     * Declares the type of the records of the operator that produced this stream, where erasure hid it: lambdas
     * returning generic types, e.g. {@code .map(w -> Tuple2.of(w, 1L)).returns(Types.TUPLE(Types.STRING, Types.LONG))}.
     */
    public DataStream<T> returns(TypeInformation<T> typeInfo) {
        if (typeInfo == null) {
            throw new NullPointerException("returns(null): pass the type, e.g. returns(Types.LONG)");
        }
        ownNode("returns").setOutputType(typeInfo);
        return this;
    }

    /** Declares the type of the records by a {@link TypeHint}: {@code returns(new TypeHint<Tuple2<String, Long>>() {})}. */
    public DataStream<T> returns(TypeHint<T> typeHint) {
        if (typeHint == null) {
            throw new NullPointerException("returns((TypeHint) null): pass a TypeHint");
        }
        return returns(typeHint.getTypeInfo());
    }

    /** Declares the type of the records by their class (non-generic types only). */
    public DataStream<T> returns(Class<T> typeClass) {
        if (typeClass == null) {
            throw new NullPointerException("returns((Class) null): pass a class, e.g. returns(Long.class)");
        }
        return returns(TypeInformation.of(typeClass));
    }

    /** The environment this stream belongs to. */
    public StreamExecutionEnvironment getExecutionEnvironment() {
        return environment;
    }

    List<Input> inputs() {
        return inputs;
    }

    /** Applies {@code mapper} to every record. */
    public <R> SingleOutputStreamOperator<R> map(MapFunction<T, R> mapper) {
        return transform("Map", new MapOperator<>(mapper), OperatorTypes.map(mapper, getType()));
    }

    /** Applies {@code flatMapper} to every record; it emits any number of records. */
    public <R> SingleOutputStreamOperator<R> flatMap(FlatMapFunction<T, R> flatMapper) {
        return transform("Flat Map", new FlatMapOperator<>(flatMapper), OperatorTypes.flatMap(flatMapper, getType()));
    }

    /** Keeps the records for which {@code filter} returns true. */
    public SingleOutputStreamOperator<T> filter(FilterFunction<T> filter) {
        return transform("Filter", new FilterOperator<>(filter), getType());
    }

    /** Applies a {@link ProcessFunction} to every record. */
    public <R> SingleOutputStreamOperator<R> process(ProcessFunction<T, R> function) {
        return transform("Process", new ProcessOperator<>(function), OperatorTypes.process(function, getType()));
    }

    /**
     * A {@link KeyedProcessFunction} needs a keyed stream: on a stream that is not keyed, {@code execute} fails
     * saying to call {@link #keyBy(KeySelector)} first. {@link KeyedStream} overrides this.
     */
    public <R> SingleOutputStreamOperator<R> process(KeyedProcessFunction<?, T, R> function) {
        // JobGraphBuilder rejects it at execute, by the operator's final name.
        return transform("KeyedProcess", new KeyedProcessOperator<>(function),
                OperatorTypes.keyedProcess(function, getType()));
    }

    /** Partitions the stream by key: records with equal keys go to the same subtask, which holds their state. */
    public <K> KeyedStream<T, K> keyBy(KeySelector<T, K> key) {
        if (key == null) {
            throw new NullPointerException("keyBy(null): pass a KeySelector, e.g. keyBy(r -> r.userId())");
        }
        TypeInformation<K> keyType = OperatorTypes.key(key, getType());
        KeyTypes.check(keyType);
        KeySelector<T, K> selector = EnumKeyGuard.guardIfHidden(key, keyType);
        List<Input> keyed = new ArrayList<>();
        for (Input input : inputs) {
            keyed.add(new Input(input.nodeId(), Partitioning.HASH, selector));
        }
        return new KeyedStream<>(environment, keyed, selector, getType(), keyType);
    }

    /** Spreads the records round-robin over the next operator's subtasks. */
    public DataStream<T> rebalance() {
        List<Input> rebalanced = new ArrayList<>();
        for (Input input : inputs) {
            rebalanced.add(new Input(input.nodeId(), Partitioning.REBALANCE, null));
        }
        return new DataStream<>(environment, null, rebalanced, getType());
    }

    /** Merges this stream with others of the same type into one stream. */
    @SafeVarargs
    public final DataStream<T> union(DataStream<T>... others) {
        List<Input> merged = new ArrayList<>(inputs);
        for (DataStream<T> other : others) {
            if (other.environment != environment) {
                throw new IllegalArgumentException("union(...) of streams from different environments: build the "
                        + "whole job from one StreamExecutionEnvironment");
            }
            merged.addAll(other.inputs);
        }
        return new DataStream<>(environment, null, merged, getType());
    }

    /** Writes every record to {@code sink}. */
    public DataStreamSink<T> addSink(SinkFunction<T> sink) {
        StreamNode sinkNode = environment.addOperator("Sink: Unnamed", new SinkOperator<>(sink), true, inputs,
                keyType());
        return new DataStreamSink<>(sinkNode);
    }

    /** Flink 2.x name for {@link #addSink(SinkFunction)}. */
    public DataStreamSink<T> sinkTo(SinkFunction<T> sink) {
        return addSink(sink);
    }

    /** Prints every record on standard output, prefixed with the subtask number when parallel. */
    public DataStreamSink<T> print() {
        return addSink(new PrintSink<>(false)).name("Print to Std. Out");
    }

    /** Prints every record on standard error. */
    public DataStreamSink<T> printToErr() {
        return addSink(new PrintSink<>(true)).name("Print to Std. Err");
    }

    /** Names the operator that produced this stream, in logs and errors. */
    public DataStream<T> name(String name) {
        ownNode("name").setName(name);
        return this;
    }

    /** A stable id for the operator that produced this stream, to match its state across job versions. */
    public DataStream<T> uid(String uid) {
        ownNode("uid").setUid(uid);
        return this;
    }

    /** Sets the parallelism of the operator that produced this stream. */
    public DataStream<T> setParallelism(int parallelism) {
        ownNode("setParallelism").setParallelism(parallelism);
        return this;
    }

    /** The parallelism of the operator that produced this stream (the environment's default if unset). */
    public int getParallelism() {
        StreamNode own = ownNode("getParallelism");
        return own.isParallelismSet() ? own.parallelism() : environment.getParallelism();
    }

    private StreamNode ownNode(String method) {
        if (node == null) {
            throw new IllegalStateException(method + "() applies to an operator, but this stream comes from "
                    + "keyBy(), union() or rebalance(), which create none: call it on the operator before them");
        }
        return node;
    }

    protected <R> SingleOutputStreamOperator<R> transform(String name, StreamOperator<T, R> operator,
                                                         TypeInformation<R> outputType) {
        StreamNode added = environment.addOperator(name, operator, false, inputs, keyType());
        added.setOutputType(outputType);
        return new SingleOutputStreamOperator<>(environment, added);
    }

    /** The key type of this stream's keyed inputs; null unless it is a {@link KeyedStream}. */
    TypeInformation<?> keyType() {
        return null;
    }

    static List<StreamEdge> edgesTo(int targetId, List<Input> inputs, TypeInformation<?> keyType) {
        List<StreamEdge> edges = new ArrayList<>();
        for (Input input : inputs) {
            edges.add(new StreamEdge(input.nodeId(), targetId, input.partitioning(), input.keySelector(),
                    input.partitioning() == Partitioning.HASH ? keyType : null));
        }
        return edges;
    }
}
