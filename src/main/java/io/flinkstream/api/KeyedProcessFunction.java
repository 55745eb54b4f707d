package io.flinkstream.api;

/**
 * The most general per-record function of a {@link KeyedStream}: it sees the current key and may use keyed state,
 * which is scoped to that key.
 *
 * <pre>{@code
 * keyed.process(new KeyedProcessFunction<Long, Long, String>() {
 *     private ValueState<Long> count;
 *     public void open(OpenContext ctx) {
 *         count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
 *     }
 *     public void processElement(Long v, Context ctx, Collector<String> out) throws Exception {
 *         long n = count.value() == null ? 1 : count.value() + 1;
 *         count.update(n);
 *         out.collect(ctx.getCurrentKey() + "=" + n);
 *     }
 * });
 * }</pre>
 *
 * @param <K> key type
 * @param <I> input type
 * @param <O> output type
 */
public abstract class KeyedProcessFunction<K, I, O> extends AbstractRichFunction {

    /** Processes one record of the current key. */
    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** Information about the record being processed. */
    public abstract class Context {
        /** The record's event timestamp, or null: event time is not supported yet. */
        public abstract Long timestamp();

        /** The key of the record being processed. */
        public abstract K getCurrentKey();
    }
}
