package io.flinkstream.runtime;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.TaskInfo;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.state.KeyGroupRangeAssignment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Records reach the subtask that owns their key's key group: the routing the runtime does must agree with
 * {@link KeyGroupRangeAssignment}, for every parallelism and max parallelism.
 */
class KeyGroupRoutingTest extends EmbeddedNodeTestBase {
    /** Where one record was processed. */
    record Route(Object key, int subtask, int parallelism, int maxParallelism) {
    }

    /** Records the key and the subtask that processed it. */
    static final class RecordRoute<K> extends KeyedProcessFunction<K, Long, Route> {
        @Override
        public void processElement(Long value, Context ctx, Collector<Route> out) {
            TaskInfo info = getRuntimeContext().getTaskInfo();
            out.collect(new Route(ctx.getCurrentKey(), info.getIndexOfThisSubtask(),
                    info.getNumberOfParallelSubtasks(), info.getMaxNumberOfParallelSubtasks()));
        }
    }

    @ParameterizedTest(name = "parallelism {0}, max parallelism {1}")
    @CsvSource({"1, 128", "3, 128", "4, 128", "1, 7", "3, 7", "4, 7"})
    void when_records_are_keyed_then_each_key_lands_on_the_one_subtask_owning_its_key_group(
            int parallelism, int maxParallelism) throws Exception {
        // Given
        StreamExecutionEnvironment env = env(parallelism).setMaxParallelism(maxParallelism);
        CollectSink<Route> numbers = newSink();
        CollectSink<Route> names = newSink();
        var source = env.fromSequence(0, 4_999).setParallelism(2);
        source.keyBy(v -> v % 1_000).process(new RecordRoute<Long>()).addSink(numbers);
        source.keyBy(v -> "user-" + (v % 300)).process(new RecordRoute<String>()).addSink(names);

        // When
        env.execute("routing " + parallelism + "/" + maxParallelism);

        // Then
        assertRouting(numbers.results(), parallelism, maxParallelism,
                LongStream.range(0, 1_000).boxed().collect(Collectors.toSet()));
        assertRouting(names.results(), parallelism, maxParallelism,
                LongStream.range(0, 300).mapToObj(i -> "user-" + i).collect(Collectors.toSet()));
    }

    private static void assertRouting(List<Route> routes, int parallelism, int maxParallelism, Set<?> keys) {
        assertEquals(5_000, routes.size(), "every record processed once");
        Map<Object, Set<Integer>> subtasksOfKey = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Route route : routes) {
            assertEquals(parallelism, route.parallelism());
            assertEquals(maxParallelism, route.maxParallelism());
            subtasksOfKey.computeIfAbsent(route.key(), k -> new TreeSet<>()).add(route.subtask());
        }
        assertEquals(keys.size(), subtasksOfKey.size(), "every key seen");
        subtasksOfKey.forEach((key, subtasks) -> {
            int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
            int owner = KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(maxParallelism, parallelism,
                    keyGroup);
            assertEquals(Set.of(owner), subtasks, "subtasks of key " + key + " (key group " + keyGroup + ")");
        });
    }
}
