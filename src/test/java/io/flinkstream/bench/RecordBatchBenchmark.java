package io.flinkstream.bench;

import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.runtime.network.Player;
import io.flinkstream.runtime.network.RecordBatchDeserializer;
import io.flinkstream.runtime.network.RecordBatchSerializer;
import io.flinkstream.runtime.network.SerializedRecordBatch;
import io.flinkstream.state.KeyGroupRangeAssignment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The record batch format of {@code runtime.network}: serializing and deserializing one batch of 1024 records, in
 * nanoseconds per record ({@link OperationsPerInvocation} divides by the batch size). Workloads: {@code Tuple2<Long,
 * Long>} keyed by f0 (each record carries its key group), and a five-field POJO ({@link Player}: long,
 * String, double, int, boolean), unkeyed and keyed by its id. {@link #main} runs them all (3 warmup and 5 measurement
 * iterations of 1 s, 1 fork) and then prints the bytes per record of each workload.
 *
 * <pre>
 * mvn -B -ntp -o -q -DskipTests test-compile
 * mvn -B -ntp -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.flinkstream.bench.RecordBatchBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(RecordBatchBenchmark.BATCH_SIZE)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordBatchBenchmark {
    /** The default batch size of a channel. */
    static final int BATCH_SIZE = 1024;
    private static final int MAX_PARALLELISM = 128;

    @Param({"tuple2-keyed", "pojo", "pojo-keyed"})
    public String workload;

    private Object[] records;
    private int[] keyGroups;
    private RecordBatchSerializer writer;
    private RecordBatchDeserializer reader;
    private SerializedRecordBatch batch;

    @Setup
    public void setUp() throws IOException {
        boolean keyed = workload.endsWith("-keyed");
        boolean tuples = workload.startsWith("tuple2");
        TypeSerializer<Object> recordSerializer = tuples
                ? serializerOf(new TypeHint<Tuple2<Long, Long>>() { }.getTypeInfo())
                : serializerOf(Types.POJO(Player.class));
        TypeSerializer<Object> keySerializer = keyed ? serializerOf(Types.LONG) : null;
        records = new Object[BATCH_SIZE];
        keyGroups = new int[BATCH_SIZE];
        for (int i = 0; i < BATCH_SIZE; i++) {
            long id = i * 7_919L % 100_000;
            records[i] = tuples ? Tuple2.of(id, i * 31L) : Player.number(id);
            keyGroups[i] = KeyGroupRangeAssignment.assignToKeyGroup(id, MAX_PARALLELISM);
        }
        writer = new RecordBatchSerializer(recordSerializer, true, workload);
        reader = new RecordBatchDeserializer(recordSerializer, true, workload);
        batch = serialize();
        if (reader.deserialize(batch) != BATCH_SIZE) {
            throw new IllegalStateException("The batch of " + workload + " does not read back whole");
        }
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> serializerOf(TypeInformation<?> type) {
        return (TypeSerializer<Object>) type.createSerializer(new SerializerConfig());
    }

    /** Writes the batch into the reused buffer and copies it out, as a sending channel does. */
    @Benchmark
    public SerializedRecordBatch serialize() {
        return writer.serialize(records, keyGroups, BATCH_SIZE);
    }

    /** Reads the batch back into the reused arrays, as a receiving subtask does. */
    @Benchmark
    public Object[] deserialize() throws IOException {
        reader.deserialize(batch);
        return reader.records();
    }

    /** The serialized size of the workload's batch, per record, header included. */
    double bytesPerRecord() {
        return (double) batch.length() / BATCH_SIZE;
    }

    /** Runs every benchmark of this class, then prints a summary with bytes per record. */
    public static void main(String[] args) throws RunnerException, IOException {
        Options options = new OptionsBuilder().include(RecordBatchBenchmark.class.getName() + "\\.").build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-14s %-12s %12s %10s %14s%n", "workload", "benchmark", "ns/record", "± error",
                "bytes/record");
        for (RunResult result : results) {
            String workload = result.getParams().getParam("workload");
            String name = result.getParams().getBenchmark();
            RecordBatchBenchmark state = new RecordBatchBenchmark();
            state.workload = workload;
            state.setUp();
            System.out.printf(Locale.ROOT, "%-14s %-12s %12.1f %10.1f %14.2f%n", workload,
                    name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError(), state.bytesPerRecord());
        }
    }
}
