package io.flinkstream.runtime.operators;

import io.flinkstream.api.ProcessFunction;

/** Applies a {@link ProcessFunction}. */
public final class ProcessOperator<IN, OUT> extends AbstractUdfOperator<ProcessFunction<IN, OUT>, IN, OUT> {
    private transient ProcessFunction<IN, OUT>.Context ctx;

    public ProcessOperator(ProcessFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        ctx = userFunction.new Context() {
            @Override
            public Long timestamp() {
                return null;
            }
        };
        super.open();
    }

    @Override
    public void processElement(IN record) throws Exception {
        userFunction.processElement(record, ctx, output);
    }
}
