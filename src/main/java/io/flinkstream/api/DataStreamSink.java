package io.flinkstream.api;

import io.flinkstream.runtime.graph.StreamNode;

/**
 * The end of a stream: a sink operator, which can be named and given its own parallelism.
 *
 * @param <T> record type
 */
public final class DataStreamSink<T> {
    private final StreamNode node;

    DataStreamSink(StreamNode node) {
        this.node = node;
    }

    /** Names the sink, in logs and errors. */
    public DataStreamSink<T> name(String name) {
        node.setName(name);
        return this;
    }

    /** A stable id, used to match the sink's state across job versions. */
    public DataStreamSink<T> uid(String uid) {
        node.setUid(uid);
        return this;
    }

    /** The sink's parallelism. */
    public DataStreamSink<T> setParallelism(int parallelism) {
        node.setParallelism(parallelism);
        return this;
    }
}
