package io.flinkstream.runtime.task;

import io.flinkstream.api.Collector;

/** Sends each record to several outputs: an operator whose stream feeds more than one consumer. */
final class BroadcastingOutput implements Collector<Object> {
    private final Collector<Object>[] outputs;

    BroadcastingOutput(Collector<Object>[] outputs) {
        this.outputs = outputs;
    }

    @Override
    public void collect(Object record) {
        for (Collector<Object> output : outputs) {
            output.collect(record);
        }
    }
}
