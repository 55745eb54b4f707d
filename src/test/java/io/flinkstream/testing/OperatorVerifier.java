package io.flinkstream.testing;

import io.flinkstream.api.KeySelector;
import io.flinkstream.api.SinkFunction;
import io.flinkstream.runtime.operators.SinkOperator;
import io.flinkstream.runtime.operators.StreamOperator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checks that checkpoints do not change what an operator computes, in the spirit of Jet's
 * {@code TestSupport.verifyProcessor}. The operator runs on the same records in three ways, each ending with
 * {@code finish()}:
 * <ol>
 *   <li><b>uninterrupted</b>: no checkpoint at all;</li>
 *   <li><b>restored everywhere</b>: before every record and before {@code finish()} a checkpoint is taken, written
 *       and completed, the operator closed, and a fresh one (new supplier call, new state) restored from the
 *       bytes;</li>
 *   <li><b>snapshotted everywhere, written late</b>: a checkpoint is taken at the same places but the operator runs
 *       on, and every snapshot's keyed state is serialized only after the last record and {@code finish()}, as a slow
 *       asynchronous write would. Each snapshot must still hold the state of its barrier: its late bytes must equal
 *       the bytes written at the barrier, and a fresh operator restored from them and fed the remaining records must
 *       complete the uninterrupted output.</li>
 * </ol>
 * The output of every way must equal the uninterrupted output, and that the expected output when one is given.
 *
 * <pre>{@code
 * OperatorVerifier.verify(() -> new KeyedReduceOperator<>(Long::sum, Types.LONG), n -> n % 2,
 *         List.of(1L, 2L, 3L), List.of(1L, 2L, 4L));
 * }</pre>
 */
public final class OperatorVerifier {
    private OperatorVerifier() {
    }

    /**
     * Verifies an operator.
     *
     * @param supplier a fresh operator on every call
     * @param keySelector the records' key for a keyed operator; null for one that is not keyed
     * @param expectedOutput what the operator must emit, in order; null to only compare the ways with each other
     * @return the uninterrupted output
     */
    @SuppressWarnings("unchecked")
    public static <IN, OUT> List<OUT> verify(Supplier<? extends StreamOperator<IN, OUT>> supplier,
                                             KeySelector<IN, ?> keySelector, List<IN> inputs,
                                             List<OUT> expectedOutput) throws Exception {
        return (List<OUT>) run(log -> supplier.get(), keySelector, inputs, expectedOutput);
    }

    /**
     * Verifies a sink: the sink function gets the list of its run, the same list for every restored instance of that
     * run, to record what it did (written, committed, …) as an external system would see it.
     *
     * @param sinkFactory a fresh sink function recording into the given list
     * @param expectedRecorded what the sink must have recorded at the end; null to only compare the ways
     * @return what the sink recorded in the uninterrupted run
     */
    public static <IN> List<Object> verifySink(Function<List<Object>, ? extends SinkFunction<IN>> sinkFactory,
                                               List<IN> inputs, List<?> expectedRecorded) throws Exception {
        return run(log -> new SinkOperator<>(sinkFactory.apply(log)), null, inputs, expectedRecorded);
    }

    /** Like {@link #verifySink}, for a sink on a keyed stream. */
    public static <IN> List<Object> verifyKeyedSink(Function<List<Object>, ? extends SinkFunction<IN>> sinkFactory,
                                                    KeySelector<IN, ?> keySelector, List<IN> inputs,
                                                    List<?> expectedRecorded) throws Exception {
        return run(log -> new SinkOperator<>(sinkFactory.apply(log)), keySelector, inputs, expectedRecorded);
    }

    /** What one run observed: everything emitted or recorded, and how much of it there was before record i. */
    private record Observed(List<Object> log, int[] sizeBefore) {
    }

    private static <IN> List<Object> run(Function<List<Object>, ? extends StreamOperator<IN, ?>> factory,
                                         KeySelector<IN, ?> keySelector, List<IN> inputs, List<?> expected)
            throws Exception {
        Observed uninterrupted = uninterrupted(factory, keySelector, inputs);
        if (expected != null) {
            assertEquals(expected, uninterrupted.log(), "Output of the uninterrupted run for inputs " + inputs);
        }
        assertEquals(uninterrupted.log(), restoredEverywhere(factory, keySelector, inputs),
                "Output with a snapshot and a restore into a fresh operator before every record, for inputs "
                        + inputs + ", differs from the uninterrupted output");
        snapshottedEverywhere(factory, keySelector, inputs, uninterrupted.log());
        return uninterrupted.log();
    }

    private static <IN> Observed uninterrupted(Function<List<Object>, ? extends StreamOperator<IN, ?>> factory,
                                               KeySelector<IN, ?> keySelector, List<IN> inputs) throws Exception {
        List<Object> log = new ArrayList<>();
        int[] sizeBefore = new int[inputs.size() + 1];
        try (OperatorTestHarness<IN, ?> harness = OperatorTestHarness.start(supplier(factory, log), keySelector,
                log)) {
            for (int i = 0; i < inputs.size(); i++) {
                sizeBefore[i] = log.size();
                harness.processElement(inputs.get(i));
            }
            sizeBefore[inputs.size()] = log.size();
            harness.finish();
        }
        return new Observed(log, sizeBefore);
    }

    private static <IN> List<Object> restoredEverywhere(
            Function<List<Object>, ? extends StreamOperator<IN, ?>> factory, KeySelector<IN, ?> keySelector,
            List<IN> inputs) throws Exception {
        List<Object> log = new ArrayList<>();
        OperatorTestHarness<IN, ?> harness = OperatorTestHarness.start(supplier(factory, log), keySelector, log);
        try {
            for (int i = 0; i <= inputs.size(); i++) {
                OperatorTestHarness.StoredState stored = harness.snapshot().write();
                harness.notifyCheckpointComplete(stored.checkpointId());
                harness.close();
                harness = OperatorTestHarness.restore(supplier(factory, log), keySelector, stored, log);
                if (i < inputs.size()) {
                    harness.processElement(inputs.get(i));
                }
            }
            harness.finish();
        } finally {
            harness.close();
        }
        return log;
    }

    private static <IN> void snapshottedEverywhere(Function<List<Object>, ? extends StreamOperator<IN, ?>> factory,
                                                   KeySelector<IN, ?> keySelector, List<IN> inputs,
                                                   List<Object> uninterrupted) throws Exception {
        List<Object> log = new ArrayList<>();
        List<OperatorTestHarness.CapturedState> captured = new ArrayList<>();
        List<OperatorTestHarness.StoredState> writtenAtBarrier = new ArrayList<>();
        int[] sizeBefore = new int[inputs.size() + 1];
        List<OperatorTestHarness.StoredState> writtenLate = new ArrayList<>();
        try (OperatorTestHarness<IN, ?> harness = OperatorTestHarness.start(supplier(factory, log), keySelector,
                log)) {
            for (int i = 0; i <= inputs.size(); i++) {
                sizeBefore[i] = log.size();
                OperatorTestHarness.CapturedState capture = harness.snapshot();
                captured.add(capture);
                writtenAtBarrier.add(capture.write());
                if (i < inputs.size()) {
                    harness.processElement(inputs.get(i));
                }
            }
            harness.finish();
            for (OperatorTestHarness.CapturedState capture : captured) {
                writtenLate.add(capture.write());
            }
        }
        assertEquals(uninterrupted, log, "Output with a snapshot taken (not restored) before every record, for inputs "
                + inputs + ", differs from the uninterrupted output");
        for (int i = 0; i <= inputs.size(); i++) {
            List<Object> resumed = new ArrayList<>(log.subList(0, sizeBefore[i]));
            try (OperatorTestHarness<IN, ?> harness = OperatorTestHarness.restore(supplier(factory, resumed),
                    keySelector, writtenLate.get(i), resumed)) {
                for (IN record : inputs.subList(i, inputs.size())) {
                    harness.processElement(record);
                }
                harness.finish();
            }
            assertEquals(uninterrupted, resumed, "The snapshot taken before record " + i + " of " + inputs
                    + ", written after the last record, no longer holds the state of its barrier: restored and fed "
                    + inputs.subList(i, inputs.size()) + ", it does not complete the uninterrupted output");
            assertArrayEquals(writtenAtBarrier.get(i).keyedState(), writtenLate.get(i).keyedState(),
                    "The keyed state of the snapshot taken before record " + i + " of " + inputs + " changed after "
                            + "its barrier: written late, its bytes differ from the bytes written at the barrier "
                            + describe(writtenAtBarrier.get(i).keyedState(), writtenLate.get(i).keyedState()));
        }
    }

    private static <IN> Supplier<StreamOperator<IN, Object>> supplier(
            Function<List<Object>, ? extends StreamOperator<IN, ?>> factory, List<Object> log) {
        @SuppressWarnings("unchecked")
        Supplier<StreamOperator<IN, Object>> supplier = () -> (StreamOperator<IN, Object>) factory.apply(log);
        return supplier;
    }

    private static String describe(byte[] atBarrier, byte[] late) {
        if (atBarrier == null || late == null) {
            return "";
        }
        int i = Arrays.mismatch(atBarrier, late);
        return "(" + atBarrier.length + " vs " + late.length + " bytes, first difference at byte " + i + ")";
    }
}
