package io.flinkstream.api;

import io.flinkstream.runtime.graph.StreamNode;

/**
 * The stream a source produces (Flink's name); its settings act on the source.
 *
 * @param <T> record type
 */
public class DataStreamSource<T> extends SingleOutputStreamOperator<T> {

    DataStreamSource(StreamExecutionEnvironment environment, StreamNode node) {
        super(environment, node);
    }

    @Override
    public DataStreamSource<T> name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public DataStreamSource<T> uid(String uid) {
        super.uid(uid);
        return this;
    }

    @Override
    public DataStreamSource<T> setParallelism(int parallelism) {
        super.setParallelism(parallelism);
        return this;
    }
}
