package io.flinkstream.runtime.operators;

import io.flinkstream.api.MapFunction;

/** Applies a {@link MapFunction}; a null result is an error, as in Flink. */
public final class MapOperator<IN, OUT> extends AbstractUdfOperator<MapFunction<IN, OUT>, IN, OUT> {
    public MapOperator(MapFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void processElement(IN record) throws Exception {
        OUT result = userFunction.map(record);
        if (result == null) {
            throw new NullPointerException("The map function returned null for record " + record
                    + ": emit no record with flatMap or filter instead");
        }
        output.collect(result);
    }
}
