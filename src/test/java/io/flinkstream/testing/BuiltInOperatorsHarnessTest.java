package io.flinkstream.testing;

import io.flinkstream.api.CheckpointedFunction;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FunctionInitializationContext;
import io.flinkstream.api.FunctionSnapshotContext;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.ProcessFunction;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.SinkFunction;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.runtime.operators.FilterOperator;
import io.flinkstream.runtime.operators.FlatMapOperator;
import io.flinkstream.runtime.operators.KeyedProcessOperator;
import io.flinkstream.runtime.operators.KeyedReduceOperator;
import io.flinkstream.runtime.operators.MapOperator;
import io.flinkstream.runtime.operators.ProcessOperator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every built-in operator through {@link OperatorVerifier}: the same output uninterrupted, restored into a fresh
 * operator before every record, and with snapshots written late.
 */
class BuiltInOperatorsHarnessTest {
    private static final List<String> WORDS = List.of("a", "b", "a", "c", "b", "a");

    @Test
    void when_map_then_sameOutputInEveryMode() throws Exception {
        // Given a stateless map
        // When / Then
        OperatorVerifier.verify(() -> new MapOperator<String, Integer>(String::length), null,
                List.of("a", "bb", "ccc"), List.of(1, 2, 3));
    }

    @Test
    void when_mapEmitsTheSameMutableObjectForEveryRecord_then_earlierOutputIsNotChanged() throws Exception {
        // Given a map that reuses one Counter for every result, as object-reuse-minded users write
        // When / Then the records already emitted keep their values
        OperatorVerifier.verify(() -> {
            Counter reused = new Counter();
            return new MapOperator<String, Counter>(word -> {
                reused.word = word;
                reused.count = word.length();
                return reused;
            });
        }, null, List.of("x", "yy"), List.of(new Counter("x", 1), new Counter("yy", 2)));
    }

    @Test
    void when_flatMap_then_sameOutputInEveryMode() throws Exception {
        // Given a flatMap splitting lines into words, emitting nothing for an empty line
        // When / Then
        OperatorVerifier.verify(() -> new FlatMapOperator<String, String>((String line, Collector<String> out) -> {
            for (String word : line.split(" ")) {
                if (!word.isEmpty()) {
                    out.collect(word);
                }
            }
        }), null, List.of("a b", "", "c"), List.of("a", "b", "c"));
    }

    @Test
    void when_filter_then_sameOutputInEveryMode() throws Exception {
        // Given a filter keeping even numbers
        // When / Then
        OperatorVerifier.verify(() -> new FilterOperator<Long>(n -> n % 2 == 0), null, List.of(1L, 2L, 3L, 4L),
                List.of(2L, 4L));
    }

    @Test
    void when_process_then_sameOutputInEveryMode() throws Exception {
        // Given a process function emitting two records per input
        // When / Then
        OperatorVerifier.verify(() -> new ProcessOperator<>(new ProcessFunction<String, String>() {
            @Override
            public void processElement(String value, Context ctx, Collector<String> out) {
                out.collect(value);
                out.collect(value.toUpperCase());
            }
        }), null, List.of("a", "b"), List.of("a", "A", "b", "B"));
    }

    @Test
    void when_keyedProcessCountsPerKey_then_sameOutputInEveryMode() throws Exception {
        // Given a keyed process function counting each word in a ValueState<Long>
        // When / Then
        OperatorVerifier.verify(() -> new KeyedProcessOperator<>(new CountPerKey()), word -> word, WORDS,
                List.of("a=1", "b=1", "a=2", "c=1", "b=2", "a=3"));
    }

    @Test
    void when_keyedReduceOfImmutableValues_then_sameOutputInEveryMode() throws Exception {
        // Given a rolling sum of odd and even numbers
        // When / Then
        OperatorVerifier.verify(() -> new KeyedReduceOperator<>(Long::sum, Types.LONG), (Long n) -> n % 2,
                List.of(1L, 2L, 3L, 4L, 5L), List.of(1L, 2L, 4L, 6L, 9L));
    }

    @Test
    void when_keyedReduceMutatesAndReturnsItsFirstArgument_then_sameOutputInEveryMode() throws Exception {
        // Given a rolling count per word whose reduce function adds into the stored tuple and returns it
        // When / Then every emitted record keeps the count it had when it was emitted
        OperatorVerifier.verify(() -> new KeyedReduceOperator<Tuple2<String, Long>>((sum, next) -> {
            sum.f1 += next.f1;
            return sum;
        }, Types.TUPLE(Types.STRING, Types.LONG)), (Tuple2<String, Long> t) -> t.f0, tuples(WORDS),
                List.of(Tuple2.of("a", 1L), Tuple2.of("b", 1L), Tuple2.of("a", 2L), Tuple2.of("c", 1L),
                        Tuple2.of("b", 2L), Tuple2.of("a", 3L)));
    }

    @Test
    void when_sinkRecordsEveryRecord_then_everyRecordIsRecordedOnceInEveryMode() throws Exception {
        // Given a sink recording what it is handed
        // When / Then
        OperatorVerifier.verifySink(log -> (String value, SinkFunction.Context ctx) -> log.add(value), WORDS,
                WORDS);
    }

    @Test
    void when_sinkBuffersAMutablePojoInOperatorStateAndChangesItAfterSnapshotState_then_sameOutputInEveryMode()
            throws Exception {
        // Given a sink buffering pairs of records in a Counter it stores in operator state at snapshotState and keeps
        // changing afterwards
        // When / Then no record is lost or written twice, whichever snapshot a run restores from
        OperatorVerifier.verifySink(PairingSink::new, WORDS, List.of("a+b", "a+c", "b+a"));
    }

    @Test
    void when_mapKeepsAMutablePojoInOperatorStateAndOnlyChangesIt_then_sameOutputInEveryMode() throws Exception {
        // Given a map that adds its Counter to operator state once and from then on only changes it in place
        // When / Then every snapshot holds the count of its barrier
        OperatorVerifier.verify(RunningCount::operator, null, WORDS, List.of(1L, 2L, 3L, 4L, 5L, 6L));
    }

    @Test
    void when_harnessRestoresFromBytes_then_theRestoredOperatorIsAFreshInstanceWithTheState() throws Exception {
        // Given a keyed count that saw "a" twice
        OperatorTestHarness<String, String> first = OperatorTestHarness.start(
                () -> new KeyedProcessOperator<>(new CountPerKey()), word -> word);
        first.processElement("a");
        first.processElement("a");
        OperatorTestHarness.StoredState stored = first.snapshot().write();
        first.close();
        // When a fresh operator is restored from the stored bytes and sees "a" again
        OperatorTestHarness<String, String> restored = OperatorTestHarness.restore(
                () -> new KeyedProcessOperator<>(new CountPerKey()), word -> word, stored);
        restored.processElement("a");
        restored.close();
        // Then it counts on from the stored state
        assertEquals(List.of("a=3"), restored.output());
        assertEquals(List.of("a=1", "a=2"), first.output());
    }

    static List<Tuple2<String, Long>> tuples(List<String> words) {
        List<Tuple2<String, Long>> tuples = new ArrayList<>();
        for (String word : words) {
            tuples.add(Tuple2.of(word, 1L));
        }
        return tuples;
    }

    /** Counts each key in a ValueState&lt;Long&gt;, read and updated as usual. */
    static final class CountPerKey extends KeyedProcessFunction<String, String, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            long next = count.value() == null ? 1 : count.value() + 1;
            count.update(next);
            out.collect(ctx.getCurrentKey() + "=" + next);
        }
    }

    /**
     * Writes records in pairs. The pending record lives in a Counter that snapshotState puts into operator state and
     * that the next record changes in place, as a buffering sink does.
     */
    static final class PairingSink implements SinkFunction<String>, CheckpointedFunction {
        private final List<Object> written;
        private transient ListState<Counter> checkpointed;
        private Counter pending = new Counter();

        PairingSink(List<Object> written) {
            this.written = written;
        }

        @Override
        public void invoke(String value, Context context) {
            if (pending.count == 0) {
                pending.word = value;
                pending.count = 1;
            } else {
                written.add(pending.word + "+" + value);
                pending.word = null;
                pending.count = 0;
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            checkpointed.update(List.of(pending));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            checkpointed = context.getOperatorStateStore().getListState(
                    new ListStateDescriptor<>("pending", Counter.class));
            for (Counter restored : checkpointed.get()) {
                pending = restored;
            }
        }
    }

    /** Counts all records in a Counter it registers in operator state once and then changes in place. */
    static final class RunningCount extends RichMapFunction<String, Long> implements CheckpointedFunction {
        private transient Counter total;

        static MapOperator<String, Long> operator() {
            return new MapOperator<>(new RunningCount());
        }

        @Override
        public Long map(String value) {
            total.count++;
            return total.count;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            // The list already holds the Counter, which this function changes in place.
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            ListState<Counter> state = context.getOperatorStateStore().getListState(
                    new ListStateDescriptor<>("total", Counter.class));
            for (Counter restored : state.get()) {
                total = restored;
            }
            if (total == null) {
                total = new Counter("total", 0);
                state.add(total);
            }
        }
    }
}
