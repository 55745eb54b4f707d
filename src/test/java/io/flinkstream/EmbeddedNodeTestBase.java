package io.flinkstream;

import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;

/**
 * A test class whose jobs all run on one embedded node, started before its first test and closed after its last,
 * so each job pays for job submission only, not for starting a node.
 *
 * <pre>{@code
 * class MapTest extends EmbeddedNodeTestBase {
 *     @Test
 *     void when_mapping_then_every_record_arrives() throws Exception {
 *         StreamExecutionEnvironment env = env(2);
 *         CollectSink<Long> sink = newSink();
 *         env.fromSequence(1, 10).map(v -> v * 2).addSink(sink);
 *         env.execute("double");
 *         assertEquals(10, sink.results().size());
 *     }
 * }
 * }</pre>
 *
 * <p>The node is held in a static field, so test classes extending this one must not run concurrently (JUnit's
 * default). A test that checks what a job leaves behind when it owns its node must not extend this class: the shared
 * node's threads would hide a leak.
 */
public abstract class EmbeddedNodeTestBase {
    private static FlinkStreamNode node;

    private final List<CollectSink<?>> sinks = new ArrayList<>();

    @BeforeAll
    static void startSharedNode() {
        node = FlinkStreamNode.startEmbedded();
    }

    @AfterAll
    static void closeSharedNode() {
        node.close();
    }

    @AfterEach
    void freeSinks() {
        sinks.forEach(CollectSink::clear);
    }

    /** The node shared by this class's tests, for assertions on what it still holds. */
    protected static FlinkStreamNode node() {
        return node;
    }

    /** A new environment on the shared node with the given default parallelism. */
    protected static StreamExecutionEnvironment env(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(node);
        env.setParallelism(parallelism);
        return env;
    }

    /** A new collect sink, freed after the test whether it passed or not. */
    protected <T> CollectSink<T> newSink() {
        CollectSink<T> sink = new CollectSink<>();
        sinks.add(sink);
        return sink;
    }
}
