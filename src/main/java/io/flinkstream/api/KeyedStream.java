package io.flinkstream.api;

import io.flinkstream.runtime.operators.KeyedProcessOperator;
import io.flinkstream.runtime.operators.KeyedReduceOperator;

import io.flinkstream.api.typeinfo.TypeInformation;

import java.util.List;

/**
 * A stream partitioned by key. Functions applied to it — {@code process}, {@code reduce}, and rich
 * {@code map}/{@code flatMap}/{@code filter} functions — see the current key and may use keyed state, which is
 * scoped to that key.
 *
 * @param <T> record type
 * @param <KEY> key type
 */
public final class KeyedStream<T, KEY> extends DataStream<T> {
    private final KeySelector<T, KEY> keySelector;
    private final TypeInformation<KEY> keyType;

    KeyedStream(StreamExecutionEnvironment environment, List<Input> inputs, KeySelector<T, KEY> keySelector,
                TypeInformation<T> type, TypeInformation<KEY> keyType) {
        super(environment, null, inputs, type);
        this.keySelector = keySelector;
        this.keyType = keyType;
    }

    /** The type of the keys: extracted from the key selector, generic when erasure hid it. */
    public TypeInformation<KEY> getKeyType() {
        return keyType;
    }

    @Override
    TypeInformation<?> keyType() {
        return keyType;
    }

    /** The key selector of this stream. */
    public KeySelector<T, KEY> getKeySelector() {
        return keySelector;
    }

    /** Applies a {@link KeyedProcessFunction} to every record, with its key as the current key. */
    @Override
    public <R> SingleOutputStreamOperator<R> process(KeyedProcessFunction<?, T, R> function) {
        return transform("KeyedProcess", new KeyedProcessOperator<>(function),
                OperatorTypes.keyedProcess(function, getType()));
    }

    /**
     * A rolling reduce: emits, for every record, the reduction of all records of its key so far.
     *
     * <pre>{@code words.keyBy(w -> w.word()).reduce((a, b) -> new WordCount(a.word(), a.count() + b.count()))}</pre>
     */
    public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
        return transform("Keyed Reduce", new KeyedReduceOperator<>(reducer, getType()), getType());
    }
}
