package io.flinkstream.api;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.connectors.TestSources.TricklingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stateless operators of the DataStream API, each run as a real job and compared with plain Java. */
class OperatorsTest extends EmbeddedNodeTestBase {
    private static <T extends Comparable<T>> List<T> sorted(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }

    private static List<Long> range(long fromInclusive, long toInclusive) {
        return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    /** A record tagged with the subtask that saw it. */
    record Tagged(int subtask, long value) {
    }

    /** Tags each record with the index of the subtask that maps it. */
    static final class TagWithSubtask extends RichMapFunction<Long, Tagged> {
        private transient int subtask;

        @Override
        public void open(OpenContext openContext) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        @Override
        public Tagged map(Long value) {
            return new Tagged(subtask, value);
        }
    }

    /** Emits v and -v for even v, nothing for odd v; checks that the context has no timestamp. */
    static final class MirrorEvens extends ProcessFunction<Long, Long> {
        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            if (ctx.timestamp() != null) {
                throw new IllegalStateException("no event time yet, but got timestamp " + ctx.timestamp());
            }
            if (value % 2 == 0) {
                out.collect(value);
                out.collect(-value);
            }
        }
    }

    @Test
    void when_mapping_then_every_record_is_transformed_exactly_once() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        CollectSink<Long> sink = newSink();
        env.fromSequence(1, 10_000).map(v -> v * 3).addSink(sink);

        // When
        env.execute("map");

        // Then
        List<Long> expected = LongStream.rangeClosed(1, 10_000).map(v -> v * 3).boxed().toList();
        assertEquals(expected, sorted(sink.results()));
    }

    @Test
    void when_flat_mapping_lines_then_every_word_is_emitted() throws Exception {
        // Given
        String[] lines = {"to be or", "not to be", "", "that is the question"};
        StreamExecutionEnvironment env = env(2);
        CollectSink<String> sink = newSink();
        env.fromElements(lines)
                .flatMap((String line, Collector<String> out) -> {
                    for (String word : line.split(" ")) {
                        if (!word.isEmpty()) {
                            out.collect(word);
                        }
                    }
                })
                .addSink(sink);

        // When
        env.execute("flatMap");

        // Then
        List<String> expected = Arrays.stream(lines).flatMap(l -> Arrays.stream(l.split(" ")))
                .filter(w -> !w.isEmpty()).sorted().toList();
        assertEquals(expected, sorted(sink.results()));
    }

    @Test
    void when_filtering_then_only_matching_records_remain() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(3);
        CollectSink<Long> sink = newSink();
        env.fromSequence(1, 5_000).filter(v -> v % 7 == 0).addSink(sink);

        // When
        env.execute("filter");

        // Then
        List<Long> expected = LongStream.rangeClosed(1, 5_000).filter(v -> v % 7 == 0).boxed().toList();
        assertEquals(expected, sorted(sink.results()));
    }

    @Test
    void when_processing_with_a_process_function_then_it_emits_any_number_of_records_per_input() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        CollectSink<Long> sink = newSink();
        env.fromSequence(1, 2_000).process(new MirrorEvens()).addSink(sink);

        // When
        env.execute("process");

        // Then
        List<Long> expected = LongStream.rangeClosed(1, 2_000).filter(v -> v % 2 == 0)
                .flatMap(v -> LongStream.of(v, -v)).sorted().boxed().toList();
        assertEquals(expected, sorted(sink.results()));
    }

    @Test
    void when_rebalancing_one_sender_over_three_subtasks_then_each_gets_an_equal_share() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(1);
        CollectSink<Tagged> sink = newSink();
        env.fromSequence(0, 299)
                .rebalance()
                .map(new TagWithSubtask()).setParallelism(3)
                .addSink(sink).setParallelism(3);

        // When
        env.execute("rebalance");

        // Then
        List<Tagged> results = sink.results();
        assertEquals(range(0, 299), sorted(results.stream().map(Tagged::value).toList()));
        Map<Integer, Long> perSubtask = results.stream()
                .collect(Collectors.groupingBy(Tagged::subtask, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of(0, 100L, 1, 100L, 2, 100L), perSubtask, "round-robin spreads 300 records evenly");
    }

    @Test
    void when_unioning_two_streams_then_the_result_holds_both() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        CollectSink<Long> sink = newSink();
        DataStream<Long> low = env.fromSequence(0, 999);
        DataStream<Long> high = env.fromSequence(1_000, 1_999);
        low.union(high).map(v -> v + 1).addSink(sink);

        // When
        env.execute("union of 2");

        // Then
        assertEquals(range(1, 2_000), sorted(sink.results()));
    }

    @Test
    void when_unioning_three_streams_of_different_parallelism_then_the_result_holds_all() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(3);
        CollectSink<Long> sink = newSink();
        DataStream<Long> a = env.fromSequence(0, 499).setParallelism(2);
        DataStream<Long> b = env.fromSequence(500, 999);
        DataStream<Long> c = env.fromElements(1_000L, 1_001L, 1_002L);
        a.union(b, c).filter(v -> v % 2 == 0).addSink(sink);

        // When
        env.execute("union of 3");

        // Then
        List<Long> expected = LongStream.rangeClosed(0, 1_002).filter(v -> v % 2 == 0).boxed().toList();
        assertEquals(expected, sorted(sink.results()));
    }

    @Test
    void when_a_stream_is_unioned_with_itself_then_each_record_arrives_twice() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        CollectSink<Long> sink = newSink();
        DataStream<Long> numbers = env.fromSequence(1, 500);
        numbers.union(numbers).addSink(sink);

        // When
        env.execute("self union");

        // Then
        List<Long> expected = LongStream.rangeClosed(1, 500).flatMap(v -> LongStream.of(v, v)).boxed().toList();
        assertEquals(expected, sorted(sink.results()));
    }

    @Test
    void when_reading_elements_at_parallelism_1_then_their_order_is_kept() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(1);
        CollectSink<String> sink = newSink();
        env.fromElements("delta", "alpha", "charlie", "bravo").addSink(sink);

        // When
        env.execute("fromElements");

        // Then
        assertEquals(List.of("delta", "alpha", "charlie", "bravo"), sink.results());
    }

    @Test
    void when_reading_a_collection_into_a_parallel_job_then_every_element_arrives_once() throws Exception {
        // Given
        List<Integer> elements = IntStream.range(0, 1_000).map(i -> (i * 7919) % 1_000).boxed().toList();
        StreamExecutionEnvironment env = env(2);
        CollectSink<Integer> sink = newSink();
        env.fromCollection(elements).map(i -> i * 2).addSink(sink);

        // When
        env.execute("fromCollection");

        // Then
        assertEquals(sorted(elements.stream().map(i -> i * 2).toList()), sorted(sink.results()));
    }

    @ParameterizedTest(name = "fromSequence({0}, {1}) at parallelism {2}")
    @CsvSource({"1, 10000, 1", "1, 10000, 2", "1, 10000, 3", "1, 10000, 4", "-5, 5, 4", "7, 8, 4"})
    void when_a_sequence_is_split_over_subtasks_then_every_number_is_read_exactly_once_in_contiguous_shares(
            long from, long to, int parallelism) throws Exception {
        // Given
        StreamExecutionEnvironment env = env(parallelism);
        CollectSink<Tagged> sink = newSink();
        env.fromSequence(from, to).map(new TagWithSubtask()).addSink(sink);

        // When
        env.execute("fromSequence split");

        // Then
        List<Tagged> results = sink.results();
        assertEquals(range(from, to), sorted(results.stream().map(Tagged::value).toList()));
        Map<Integer, List<Long>> shares = results.stream().collect(Collectors.groupingBy(Tagged::subtask,
                Collectors.mapping(Tagged::value, Collectors.toList())));
        long total = to - from + 1;
        for (List<Long> share : shares.values()) {
            List<Long> ordered = sorted(share);
            assertEquals(ordered.get(ordered.size() - 1) - ordered.get(0) + 1, ordered.size(), "contiguous share");
            long even = total / parallelism;
            assertTrue(share.size() == even || share.size() == even + 1, "share " + share.size() + " of " + total);
        }
    }

    @Test
    void when_one_stream_feeds_several_consumers_then_each_consumer_gets_every_record() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        CollectSink<Long> all = newSink();
        CollectSink<Long> evens = newSink();
        CollectSink<Long> negated = newSink();
        DataStream<Long> squares = env.fromSequence(1, 1_000).map(v -> v * v);
        squares.addSink(all);
        squares.filter(v -> v % 2 == 0).addSink(evens);
        squares.rebalance().map(v -> -v).setParallelism(1).addSink(negated).setParallelism(1);

        // When
        env.execute("fan-out");

        // Then
        List<Long> expected = LongStream.rangeClosed(1, 1_000).map(v -> v * v).boxed().toList();
        assertEquals(expected, sorted(all.results()));
        assertEquals(expected.stream().filter(v -> v % 2 == 0).toList(), sorted(evens.results()));
        assertEquals(sorted(expected.stream().map(v -> -v).toList()), sorted(negated.results()));
    }

    @Test
    void when_parallelism_changes_between_operators_then_the_forward_edges_become_network_edges() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        CollectSink<Long> sink = newSink();
        env.fromSequence(1, 3_000).name("numbers")
                .map(v -> v + 1).name("plus one").setParallelism(3)
                .addSink(sink).name("collect").setParallelism(1);

        // When
        JobExecutionResult result = env.execute("parallelism changes");

        // Then
        assertEquals(range(2, 3_001), sorted(sink.results()));
        List<VertexMetrics> vertices = result.metrics().vertices();
        assertEquals(List.of("numbers", "plus one", "collect"), vertices.stream().map(VertexMetrics::name).toList(),
                "no chaining across a change of parallelism");
        assertEquals(List.of(2, 3, 1), vertices.stream().map(VertexMetrics::parallelism).toList());
        assertEquals(3_000, vertices.get(1).recordsIn());
        assertEquals(3_000, vertices.get(2).recordsIn());
        assertEquals(3_000, result.metrics().sourceRecords());
    }

    @Test
    void when_printing_in_parallel_then_each_line_has_its_subtask_prefix() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        env.fromSequence(1, 200).print();

        // When
        List<String> lines = captureStdOut(() -> env.execute("print parallel"));

        // Then
        Pattern line = Pattern.compile("([12])> (\\d+)");
        List<Long> printed = new ArrayList<>();
        for (String text : lines) {
            Matcher m = line.matcher(text);
            assertTrue(m.matches(), "unexpected line '" + text + "'");
            long value = Long.parseLong(m.group(2));
            int expectedSubtask = value <= 100 ? 1 : 2; // fromSequence gives each subtask a contiguous half
            assertEquals(expectedSubtask, Integer.parseInt(m.group(1)), "prefix of " + value);
            printed.add(value);
        }
        assertEquals(range(1, 200), sorted(printed));
    }

    @Test
    void when_printing_at_parallelism_1_then_lines_have_no_prefix() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(1);
        env.fromSequence(1, 50).print();

        // When
        List<String> lines = captureStdOut(() -> env.execute("print single"));

        // Then
        assertEquals(range(1, 50).stream().map(String::valueOf).toList(), lines);
    }

    @Test
    void when_a_user_source_has_nothing_available_at_times_then_the_runtime_polls_again_and_finishes()
            throws Exception {
        // Given
        StreamExecutionEnvironment env = env(2);
        CollectSink<Long> sink = newSink();
        TricklingSource source = new TricklingSource(20, 2);
        env.fromSource(source, "trickle").map(v -> v * 10).addSink(sink);

        // When
        env.execute("trickle");

        // Then
        assertEquals(LongStream.range(0, 20).map(v -> v * 10).boxed().toList(), sorted(sink.results()));
        assertEquals(40, source.idleAnswers(), "every record was followed by two NOTHING_AVAILABLE answers");
    }

    @Test
    void when_operators_are_named_then_the_job_reports_the_names() throws Exception {
        // Given
        StreamExecutionEnvironment env = env(1);
        CollectSink<Long> sink = newSink();
        env.fromSequence(1, 10).name("numbers").uid("numbers-v1")
                .map(v -> v * 2).name("doubler").uid("doubler-v1")
                .addSink(sink).name("collect").uid("collect-v1");

        // When
        JobExecutionResult result = env.execute("named");

        // Then
        assertEquals(List.of("numbers -> doubler -> collect"),
                result.metrics().vertices().stream().map(VertexMetrics::name).toList());
        assertEquals(LongStream.rangeClosed(1, 10).map(v -> v * 2).boxed().toList(), sink.results());
    }

    @Test
    void when_naming_a_keyed_stream_then_it_says_to_name_the_operator_instead() {
        // Given
        StreamExecutionEnvironment env = env(1);
        KeyedStream<Long, Long> keyed = env.fromSequence(1, 10).keyBy(v -> v % 2);

        // When
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> keyed.name("keyed"));

        // Then
        assertTrue(e.getMessage().contains("keyBy()"), e.getMessage());
    }

    private interface JobRun {
        void run() throws Exception;
    }

    private static List<String> captureStdOut(JobRun job) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            job.run();
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }
}
