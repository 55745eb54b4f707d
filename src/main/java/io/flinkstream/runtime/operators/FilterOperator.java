package io.flinkstream.runtime.operators;

import io.flinkstream.api.FilterFunction;

/** Applies a {@link FilterFunction}. */
public final class FilterOperator<T> extends AbstractUdfOperator<FilterFunction<T>, T, T> {
    public FilterOperator(FilterFunction<T> function) {
        super(function);
    }

    @Override
    public void processElement(T record) throws Exception {
        if (userFunction.filter(record)) {
            output.collect(record);
        }
    }
}
