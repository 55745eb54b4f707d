package io.flinkstream.runtime.operators;

import io.flinkstream.api.SinkFunction;

/** Hands every record to a {@link SinkFunction}; calls its {@code finish()} at end of input. */
public final class SinkOperator<IN> extends AbstractUdfOperator<SinkFunction<IN>, IN, Object> {
    private static final SinkFunction.Context NO_TIMESTAMP = () -> null;

    public SinkOperator(SinkFunction<IN> function) {
        super(function);
    }

    @Override
    public void processElement(IN record) throws Exception {
        userFunction.invoke(record, NO_TIMESTAMP);
    }

    @Override
    public void finish() throws Exception {
        userFunction.finish();
    }
}
