package io.flinkstream.runtime.graph;

import io.flinkstream.api.source.Source;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.runtime.operators.StreamOperator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One operator of the logical graph the DSL builds: a source or an operator, with its settings and inputs. Mutable
 * while the job is being defined ({@code name}, {@code uid}, {@code setParallelism} act on the last node), frozen
 * into a {@link JobGraph} at execute.
 */
public final class StreamNode {
    private final int id;
    private String name;
    private String uid;
    private int parallelism;
    private boolean parallelismSet;
    private final Source<?, ?> source;
    private final StreamOperator<?, ?> operator;
    private final boolean sink;
    private final List<StreamEdge> inputs = new ArrayList<>();
    private String invalidReason;
    private boolean nonParallel;
    private TypeInformation<?> outputType;

    private StreamNode(int id, String name, Source<?, ?> source, StreamOperator<?, ?> operator, boolean sink) {
        this.id = id;
        this.name = name;
        this.source = source;
        this.operator = operator;
        this.sink = sink;
    }

    /** A source node. */
    public static StreamNode source(int id, String name, Source<?, ?> source) {
        return new StreamNode(id, name, source, null, false);
    }

    /** An operator node; a sink when {@code sink} is true. */
    public static StreamNode operator(int id, String name, StreamOperator<?, ?> operator, boolean sink) {
        return new StreamNode(id, name, null, operator, sink);
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String uid() {
        return uid;
    }

    public void setUid(String uid) {
        this.uid = uid;
    }

    /** The parallelism set on this node; meaningful only if {@link #isParallelismSet()}. */
    public int parallelism() {
        return parallelism;
    }

    /** Whether a parallelism was set on this node; if not, the environment's default applies. */
    public boolean isParallelismSet() {
        return parallelismSet;
    }

    /** Sets the parallelism; an invalid value is reported by {@code execute}, naming this node. */
    public void setParallelism(int parallelism) {
        this.parallelism = parallelism;
        this.parallelismSet = true;
    }

    public boolean isSource() {
        return source != null;
    }

    public boolean isSink() {
        return sink;
    }

    public Source<?, ?> source() {
        return source;
    }

    public StreamOperator<?, ?> operator() {
        return operator;
    }

    public void addInput(StreamEdge edge) {
        inputs.add(edge);
    }

    public List<StreamEdge> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    /** The type of the records this node emits; null when unknown (the generic type). */
    public TypeInformation<?> outputType() {
        return outputType;
    }

    /** Sets the type of the records this node emits (extracted from its function, or given with returns). */
    public void setOutputType(TypeInformation<?> outputType) {
        this.outputType = outputType;
    }

    /** Marks a source that can only run with parallelism 1 (it reads one in-memory collection). */
    public void markNonParallel() {
        this.nonParallel = true;
        setParallelism(1);
    }

    public boolean isNonParallel() {
        return nonParallel;
    }

    /** Marks the node as invalid; {@code execute} fails with this reason before anything runs. */
    public void markInvalid(String reason) {
        this.invalidReason = reason;
    }

    /** Why the node cannot run, or null. */
    public String invalidReason() {
        return invalidReason;
    }

    @Override
    public String toString() {
        return "'" + name + "' (node " + id + ")";
    }
}
