package io.flinkstream.runtime.operators;

import io.flinkstream.api.ReduceFunction;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.typeinfo.TypeInformation;

/**
 * A rolling reduce per key: keeps the reduced value of each key in keyed state and emits it after every record.
 */
public final class KeyedReduceOperator<T> extends AbstractUdfOperator<ReduceFunction<T>, T, T> {
    private final TypeInformation<T> type;
    private transient ValueState<T> reduced;

    /** @param type the type of the records, which the reduced value of each key has too */
    public KeyedReduceOperator(ReduceFunction<T> function, TypeInformation<T> type) {
        super(function);
        this.type = type;
    }

    @Override
    public void open() throws Exception {
        super.open();
        reduced = context.keyedStateBackend().getOrCreateKeyedState(
                new ValueStateDescriptor<>("_keyed_reduce_value", type));
    }

    @Override
    public void processElement(T record) throws Exception {
        T current = reduced.value();
        T next = current == null ? record : userFunction.reduce(current, record);
        if (next == null) {
            throw new NullPointerException("The reduce function returned null: it must return the combined value");
        }
        reduced.update(next);
        output.collect(next);
    }

    @Override
    public boolean requiresKeyedInput() {
        return true;
    }
}
