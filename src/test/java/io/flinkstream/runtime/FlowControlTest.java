package io.flinkstream.runtime;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.DataStream;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.VertexMetrics;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.connectors.TestSinks.SlowSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credit-based flow control, end to end: behind a slow sink, queues stay within the credit and the source is
 * throttled, and no record is lost or duplicated. Slowness only makes backpressure certain; every assertion is on
 * the job's own counters and results, never on time. Each case runs with batches by reference and serialized, which
 * must not change credit accounting.
 */
class FlowControlTest extends EmbeddedNodeTestBase {
    private static final int BATCH_SIZE = 16;
    private static final int CREDITS = 2;
    private static final long RECORDS = 8_000;
    private static final long SINK_NANOS_PER_RECORD = 20_000;

    private static StreamExecutionEnvironment smallBatchesAndCredits(boolean serializeBatches) {
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setBatchSize(BATCH_SIZE).setCreditsPerChannel(CREDITS)
                .setSerializeLocalBatches(serializeBatches);
        return env;
    }

    @ParameterizedTest(name = "behind {0}, serialized batches: {1}")
    @CsvSource({"keyBy, false", "rebalance, false", "keyBy, true", "rebalance, true"})
    void given_a_slow_sink_when_the_source_is_fast_then_queues_stay_within_credit_and_the_source_is_throttled(
            String partitioning, boolean serializeBatches) throws Exception {
        // Given
        StreamExecutionEnvironment env = smallBatchesAndCredits(serializeBatches);
        CollectSink<Long> collected = newSink();
        DataStream<Long> source = env.fromSequence(0, RECORDS - 1).setParallelism(1);
        DataStream<Long> spread = partitioning.equals("keyBy") ? source.keyBy(v -> v % 100) : source.rebalance();
        spread.addSink(new SlowSink<>(collected, SINK_NANOS_PER_RECORD));

        // When
        JobExecutionResult result = env.execute("slow sink behind " + partitioning);

        // Then
        assertEquals(LongStream.range(0, RECORDS).boxed().toList(), sorted(collected.results()),
                "every record exactly once");
        List<VertexMetrics> vertices = result.metrics().vertices();
        assertEquals(2, vertices.size());
        VertexMetrics sourceVertex = vertices.get(0);
        VertexMetrics sinkVertex = vertices.get(1);
        assertEquals(RECORDS, sourceVertex.sourceRecords());
        assertEquals(RECORDS, sinkVertex.recordsIn());
        assertEquals(CREDITS, sinkVertex.creditsPerChannel());
        assertTrue(sinkVertex.maxQueuedBatchesPerChannel() >= 1, sinkVertex.toString());
        assertTrue(sinkVertex.maxQueuedBatchesPerChannel() <= CREDITS,
                "a channel queued more batches than its credit: " + sinkVertex);
        assertTrue(sourceVertex.backpressureStalls() > 0, "the source was never throttled: " + sourceVertex);
    }

    @ParameterizedTest(name = "serialized batches: {0}")
    @ValueSource(booleans = {false, true})
    void given_a_slow_sink_at_the_end_of_a_pipeline_when_it_runs_then_backpressure_reaches_the_sources(
            boolean serializeBatches) throws Exception {
        // Given: source -> rebalance -> map -> keyBy -> slow sink, each a vertex of its own
        StreamExecutionEnvironment env = smallBatchesAndCredits(serializeBatches);
        CollectSink<Long> collected = newSink();
        env.fromSequence(0, RECORDS - 1)
                .rebalance()
                .map(v -> v * 2).name("double")
                .keyBy(v -> v % 10)
                .addSink(new SlowSink<>(collected, SINK_NANOS_PER_RECORD)).name("slow");

        // When
        JobExecutionResult result = env.execute("pipeline with a slow end");

        // Then
        assertEquals(LongStream.range(0, RECORDS).map(v -> v * 2).boxed().toList(),
                sorted(collected.results()), "every record exactly once");
        List<VertexMetrics> vertices = result.metrics().vertices();
        assertEquals(3, vertices.size());
        for (VertexMetrics vertex : vertices.subList(1, 3)) {
            assertEquals(RECORDS, vertex.recordsIn(), vertex.toString());
            assertTrue(vertex.maxQueuedBatchesPerChannel() <= CREDITS, "queued beyond credit: " + vertex);
        }
        assertTrue(vertices.get(1).backpressureStalls() > 0, "the map was never throttled: " + vertices.get(1));
        assertTrue(vertices.get(0).backpressureStalls() > 0, "the sources were never throttled: " + vertices.get(0));
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
