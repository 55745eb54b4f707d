package io.flinkstream.runtime.job;

import io.flinkstream.checkpoint.SnapshotStore;
import io.flinkstream.connectors.DiscardingSink;
import io.flinkstream.connectors.SequenceSource;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobGraphBuilder;
import io.flinkstream.runtime.graph.Partitioning;
import io.flinkstream.runtime.graph.RuntimeSettings;
import io.flinkstream.runtime.graph.StreamEdge;
import io.flinkstream.runtime.graph.StreamNode;
import io.flinkstream.runtime.operators.SinkOperator;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry keeps a restore store only while its job is known, and closes it when the job goes. */
class JobRegistryTest {
    private final AtomicInteger closes = new AtomicInteger();
    private final JobRegistry registry = new JobRegistry();

    /** A store that only counts {@code close()}; nothing else is called by these tests. */
    private SnapshotStore countingStore() {
        return (SnapshotStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SnapshotStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closes.incrementAndGet();
                        return null;
                    }
                    if (method.getName().equals("toString")) {
                        return "counting store";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static JobGraph job() {
        StreamNode source = StreamNode.source(0, "Source: numbers", new SequenceSource(1, 10));
        StreamNode sink = StreamNode.operator(1, "Sink", new SinkOperator<>(new DiscardingSink<Long>()), true);
        sink.addInput(new StreamEdge(0, 1, Partitioning.FORWARD, null));
        return JobGraphBuilder.build("registry test", List.of(source, sink), 1, 128, new RuntimeSettings(16, 2, 8));
    }

    @Test
    void given_a_job_that_already_ended_when_its_restore_store_is_registered_then_it_is_refused_and_closed() {
        // Given a job cancelled while its retained checkpoint was being looked up
        JobGraph graph = job();
        registry.register(graph, getClass().getClassLoader());
        registry.unregister(graph.jobId());

        // When the lookup finishes
        boolean registered = registry.registerRestoreStore(graph.jobId(), countingStore());

        // Then nothing is left behind
        assertFalse(registered);
        assertEquals(1, closes.get());
    }

    @Test
    void given_a_running_job_with_a_restore_store_when_it_ends_then_the_store_is_closed() throws Exception {
        // Given
        JobGraph graph = job();
        registry.register(graph, getClass().getClassLoader());
        SnapshotStore earlier = countingStore();
        assertTrue(registry.registerRestoreStore(graph.jobId(), earlier));
        assertSame(earlier, registry.storeFor(graph.jobId(), 7));
        assertEquals(0, closes.get());

        // When
        registry.unregister(graph.jobId());

        // Then
        assertEquals(1, closes.get());
    }
}
