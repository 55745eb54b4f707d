package io.flinkstream.runtime.operators;

import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.state.KeyedStateBackend;

/** Applies a {@link KeyedProcessFunction}; the task sets the current key before each record. */
public final class KeyedProcessOperator<K, IN, OUT>
        extends AbstractUdfOperator<KeyedProcessFunction<K, IN, OUT>, IN, OUT> {
    private transient KeyedProcessFunction<K, IN, OUT>.Context ctx;

    public KeyedProcessOperator(KeyedProcessFunction<K, IN, OUT> function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        KeyedStateBackend backend = context.keyedStateBackend();
        ctx = userFunction.new Context() {
            @Override
            public Long timestamp() {
                return null;
            }

            @Override
            @SuppressWarnings("unchecked")
            public K getCurrentKey() {
                return (K) backend.getCurrentKey();
            }
        };
        super.open();
    }

    @Override
    public void processElement(IN record) throws Exception {
        userFunction.processElement(record, ctx, output);
    }

    @Override
    public boolean requiresKeyedInput() {
        return true;
    }
}
