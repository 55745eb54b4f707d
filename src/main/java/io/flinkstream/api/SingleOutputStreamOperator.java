package io.flinkstream.api;

import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.runtime.graph.StreamNode;

/**
 * The stream an operator produces (Flink's name): a {@link DataStream} whose settings — {@code name}, {@code uid},
 * {@code setParallelism}, {@code returns} — act on that operator and return this type, so Flink code such as
 * {@code SingleOutputStreamOperator<Tuple2<String, Long>> counts = words.map(...).returns(...);} compiles unchanged.
 *
 * @param <T> record type
 */
public class SingleOutputStreamOperator<T> extends DataStream<T> {

    SingleOutputStreamOperator(StreamExecutionEnvironment environment, StreamNode node) {
        super(environment, node);
    }

    @Override
    public SingleOutputStreamOperator<T> name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> uid(String uid) {
        super.uid(uid);
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> setParallelism(int parallelism) {
        super.setParallelism(parallelism);
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> returns(TypeInformation<T> typeInfo) {
        super.returns(typeInfo);
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> returns(TypeHint<T> typeHint) {
        super.returns(typeHint);
        return this;
    }

    @Override
    public SingleOutputStreamOperator<T> returns(Class<T> typeClass) {
        super.returns(typeClass);
        return this;
    }
}
