package io.flinkstream.samples.cluster;

import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.Collector;
import io.flinkstream.connectors.ExactlyOnceFileSink;
import io.flinkstream.connectors.SequenceSource;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cluster sample job: visits to pages at a steady rate, counted per page in keyed state, with a line written
 * exactly once to a shared directory each time a page's count reaches a multiple of {@code --every}. It runs long
 * enough (15 s by default) to kill a node while it runs, and {@code --verify} then checks the committed output
 * record for record: every page, every multiple, once.
 *
 * <pre>
 * bin/flinkstream run --cluster 127.0.0.1:2551 io.flinkstream.samples.cluster.ClusterVisits
 * java -cp target/flinkstream-all.jar io.flinkstream.samples.cluster.ClusterVisits --verify
 * </pre>
 *
 * <p>Options: {@code --visits N} (3,000,000), {@code --pages N} (1,000), {@code --rate N} visits per second
 * (200,000), {@code --every N} (1,000), {@code --parallelism N} (3), {@code --out DIR}
 * ({@code /tmp/flinkstream-cluster/out}). The checkpoint storage comes from the node's configuration (the sample
 * cluster's {@code common.conf}: files under a shared directory).
 */
public final class ClusterVisits {
    private ClusterVisits() {
    }

    /** One page's count reached {@code count}. */
    public record PageCount(String page, long count) implements Serializable {
        @Override
        public String toString() {
            return page + "," + count;
        }
    }

    record Options(long visits, int pages, long rate, long every, int parallelism, String out, boolean verify) {
        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            boolean verify = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--verify")) {
                    verify = true;
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    values.put(args[i].substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("Unknown argument '" + args[i] + "'; options: --visits N "
                            + "--pages N --rate N --every N --parallelism N --out DIR --verify");
                }
            }
            Options options = new Options(Long.parseLong(values.getOrDefault("visits", "3000000")),
                    Integer.parseInt(values.getOrDefault("pages", "1000")),
                    Long.parseLong(values.getOrDefault("rate", "200000")),
                    Long.parseLong(values.getOrDefault("every", "1000")),
                    Integer.parseInt(values.getOrDefault("parallelism", "3")),
                    values.getOrDefault("out", "/tmp/flinkstream-cluster/out"), verify);
            if (options.visits % (options.pages * options.every) != 0) {
                throw new IllegalArgumentException("--visits must be a multiple of --pages x --every, so that every "
                        + "page ends on a multiple: " + options.visits + " is not a multiple of "
                        + options.pages * options.every);
            }
            return options;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.verify) {
            List<String> problems = verify(Path.of(options.out), options);
            if (problems.isEmpty()) {
                System.out.println("Output in " + options.out + ": every page's count at every multiple of "
                        + options.every + ", each once: EXACT");
                return;
            }
            problems.stream().limit(20).forEach(System.out::println);
            System.out.println(problems.size() + " problem(s): NOT EXACT");
            System.exit(1);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(options.parallelism);
        env.enableCheckpointing(1000);
        int pages = options.pages;
        long every = options.every;
        env.fromSource(new SequenceSource(0, options.visits - 1).withRatePerSecond(options.rate), "Visits")
                .map(v -> "/page/" + (v % pages)).returns(String.class)
                .keyBy(page -> page)
                .process(new CountEvery(every))
                .addSink(new ExactlyOnceFileSink<>(options.out));
        env.execute("cluster visits");
    }

    /** Counts a page's visits; emits the count at each multiple of {@code every}. */
    static final class CountEvery extends KeyedProcessFunction<String, String, PageCount> {
        private final long every;
        private transient ValueState<Long> count;

        CountEvery(long every) {
            this.every = every;
        }

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(String page, Context context, Collector<PageCount> out) throws Exception {
            Long current = count.value();
            long next = current == null ? 1 : current + 1;
            count.update(next);
            if (next % every == 0) {
                out.collect(new PageCount(page, next));
            }
        }
    }

    /** What is wrong with the committed output, line by line; empty when it is exact. */
    static List<String> verify(Path out, Options options) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        if (!Files.isDirectory(out)) {
            return List.of("No output directory " + out);
        }
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    seen.merge(line, 1, Integer::sum);
                }
            }
        }
        long perPage = options.visits / options.pages;
        for (int p = 0; p < options.pages; p++) {
            for (long c = options.every; c <= perPage; c += options.every) {
                String line = new PageCount("/page/" + p, c).toString();
                Integer times = seen.remove(line);
                if (times == null) {
                    problems.add("missing: " + line);
                } else if (times > 1) {
                    problems.add("duplicated " + times + " times: " + line);
                }
            }
        }
        seen.forEach((line, times) -> problems.add("unexpected: " + line));
        return problems;
    }
}
