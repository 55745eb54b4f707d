package io.flinkstream.samples;

import io.flinkstream.api.CheckpointStats;
import io.flinkstream.api.Collector;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.RichSinkFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;

import java.io.PrintStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The page-view counter: counts each page's visits in real time with a {@code ValueState<Long>} per page, prints
 * live progress, then the top pages and a check that every count is exact.
 *
 * <pre>
 * java -jar target/flinkstream-all.jar pageviews [--visits N] [--pages N] [--parallelism N]
 * </pre>
 */
public final class PageViewCounter {

    /** One visit of a page. */
    public record PageView(String page, long visitId) implements Serializable {
    }

    /** A page's visit count so far. */
    public record PageCount(String page, long count) implements Serializable {
    }

    /**
     * How a run goes.
     *
     * @param visits visits generated
     * @param pages distinct pages
     * @param parallelism parallelism of every operator
     * @param checkpointMillis checkpoint interval; 0 turns checkpointing off
     * @param failAt the visit at which one failure is injected in the first attempt, or -1 for none
     */
    public record Options(long visits, int pages, int parallelism, long checkpointMillis, long failAt) {
        /** A run without failure injection, with a checkpoint every second. */
        public Options(long visits, int pages, int parallelism) {
            this(visits, pages, parallelism, 1000, -1);
        }

        static Options parse(String[] args) {
            long visits = 20_000_000;
            int pages = 10_000;
            int parallelism = 2;
            long checkpointMillis = 1000;
            long failAt = -1;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--visits" -> visits = Long.parseLong(require(args[i], value));
                    case "--pages" -> pages = Integer.parseInt(require(args[i], value));
                    case "--parallelism" -> parallelism = Integer.parseInt(require(args[i], value));
                    case "--checkpoint-interval" -> checkpointMillis = Long.parseLong(require(args[i], value));
                    case "--fail-at" -> failAt = Long.parseLong(require(args[i], value));
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + "; use --visits N, --pages N, --parallelism N, --checkpoint-interval MS, --fail-at N");
                }
                i++;
            }
            if (failAt >= visits) {
                throw new IllegalArgumentException("--fail-at " + failAt + " is beyond the last visit "
                        + (visits - 1));
            }
            return new Options(visits, pages, parallelism, checkpointMillis, failAt);
        }

        private static String require(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean exact = run(Options.parse(args), System.out);
        if (!exact) {
            System.exit(1);
        }
    }

    /** Runs the job; returns whether every page's count matched the visits generated. */
    public static boolean run(Options options, PrintStream out) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(options.parallelism());
        if (options.checkpointMillis() > 0) {
            env.enableCheckpointing(options.checkpointMillis());
            env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ofMillis(100)));
        }

        LatestCounts counts = new LatestCounts();
        env.fromSequence(0, options.visits() - 1)
                .map(new ToPageView(options.pages(), options.failAt())).name("page visits")
                .keyBy(PageView::page)
                .process(new CountVisits()).name("count per page")
                .addSink(counts).name("latest counts");

        out.printf("Counting %,d visits of %,d pages with parallelism %d, %s%s%n", options.visits(), options.pages(),
                options.parallelism(), options.checkpointMillis() > 0
                        ? "a checkpoint every " + options.checkpointMillis() + " ms" : "no checkpoints",
                options.failAt() >= 0 ? ", one failure injected at visit " + options.failAt() : "");
        JobClient job = env.executeAsync("page-view counter");
        JobExecutionResult result = awaitWithProgress(job, out);
        return report(options, counts.snapshot(), result, out);
    }

    private static JobExecutionResult awaitWithProgress(JobClient job, PrintStream out) throws Exception {
        long last = 0;
        long lastTime = System.nanoTime();
        while (true) {
            try {
                return job.getJobExecutionResult().get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                long now = System.nanoTime();
                long sofar = job.getJobMetrics().get(5, TimeUnit.SECONDS).sourceRecords();
                if (sofar < last) {
                    // A restart: the new attempt counts from zero.
                    out.printf("  progress: %,d visits read in this attempt (restarted)%n", sofar);
                } else {
                    double perSecond = (sofar - last) / ((now - lastTime) / 1e9);
                    out.printf("  progress: %,d visits read in this attempt, %,.0f visits/s%n", sofar, perSecond);
                }
                last = sofar;
                lastTime = now;
            } catch (java.util.concurrent.ExecutionException failed) {
                throw (Exception) failed.getCause();
            }
        }
    }

    private static boolean report(Options options, Map<String, Long> counts, JobExecutionResult result,
                                  PrintStream out) {
        long millis = Math.max(1, result.getNetRuntime());
        out.printf("Done: %,d visits in %,d ms (%,.0f visits/s)%n", options.visits(), millis,
                options.visits() * 1000.0 / millis);
        reportCheckpoints(result, out);
        out.println("Top pages:");
        List<Map.Entry<String, Long>> top = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(10).toList();
        top.forEach(e -> out.printf("  %-14s %,12d%n", e.getKey(), e.getValue()));

        long[] expected = new long[options.pages()];
        for (long visit = 0; visit < options.visits(); visit++) {
            expected[ToPageView.pageIndex(visit, options.pages())]++;
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        int wrong = 0;
        for (int p = 0; p < expected.length; p++) {
            long got = counts.getOrDefault(ToPageView.pageName(p), 0L);
            if (got != expected[p]) {
                wrong++;
            }
        }
        boolean exact = total == options.visits() && wrong == 0;
        out.printf("Check: counts add up to %,d of %,d visits; %d of %,d pages differ from the expected count: %s%n",
                total, options.visits(), wrong, options.pages(), exact ? "EXACT" : "WRONG");
        return exact;
    }

    private static void reportCheckpoints(JobExecutionResult result, PrintStream out) {
        List<CheckpointStats> checkpoints = result.metrics().checkpoints();
        out.printf("Restarts: %d; checkpoints: %d completed, %d failed%n", result.metrics().restarts(),
                result.metrics().completedCheckpoints(), checkpoints.size() - result.metrics().completedCheckpoints());
        checkpoints.stream().skip(Math.max(0, checkpoints.size() - 5))
                .forEach(c -> out.printf("  checkpoint %d: %s%n", c.checkpointId(), c.summary()));
    }

    /** Turns a visit number into a visit of a page; popular pages get most visits (a skewed, repeatable mix). */
    static final class ToPageView extends RichMapFunction<Long, PageView> {
        private final int pages;
        private final long failAt;
        private transient String[] names;

        ToPageView(int pages, long failAt) {
            this.pages = pages;
            this.failAt = failAt;
        }

        @Override
        public void open(OpenContext ctx) {
            names = new String[pages];
            for (int p = 0; p < pages; p++) {
                names[p] = pageName(p);
            }
        }

        @Override
        public PageView map(Long visit) {
            if (visit == failAt && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                throw new IllegalStateException("Injected failure at visit " + visit + " (--fail-at)");
            }
            return new PageView(names[pageIndex(visit, pages)], visit);
        }

        static String pageName(int index) {
            return "/page/" + index;
        }

        static int pageIndex(long visit, int pages) {
            long h = visit * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
            double u = (h >>> 11) * 0x1.0p-53;
            return (int) (pages * u * u * u);
        }
    }

    /** Counts the visits of the current page in keyed state and emits the new count. */
    static final class CountVisits extends KeyedProcessFunction<String, PageView, PageCount> {
        private transient ValueState<Long> visits;

        @Override
        public void open(OpenContext ctx) {
            visits = getRuntimeContext().getState(new ValueStateDescriptor<>("visits", Long.class));
        }

        @Override
        public void processElement(PageView view, Context ctx, Collector<PageCount> out) throws Exception {
            Long count = visits.value();
            long next = count == null ? 1 : count + 1;
            visits.update(next);
            out.collect(new PageCount(ctx.getCurrentKey(), next));
        }
    }

    /** Keeps the highest count seen per page, in memory of this JVM. */
    static final class LatestCounts extends RichSinkFunction<PageCount> {
        private static final Map<String, Map<String, Long>> RUNS = new ConcurrentHashMap<>();
        private final String run = UUID.randomUUID().toString();

        LatestCounts() {
            RUNS.put(run, new ConcurrentHashMap<>());
        }

        @Override
        public void invoke(PageCount value, Context context) {
            RUNS.get(run).merge(value.page(), value.count(), Math::max);
        }

        Map<String, Long> snapshot() {
            return Map.copyOf(RUNS.remove(run));
        }
    }
}
