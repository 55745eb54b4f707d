package io.flinkstream.runtime.operators;

import io.flinkstream.api.FlatMapFunction;

/** Applies a {@link FlatMapFunction}. */
public final class FlatMapOperator<IN, OUT> extends AbstractUdfOperator<FlatMapFunction<IN, OUT>, IN, OUT> {
    public FlatMapOperator(FlatMapFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void processElement(IN record) throws Exception {
        userFunction.flatMap(record, output);
    }
}
