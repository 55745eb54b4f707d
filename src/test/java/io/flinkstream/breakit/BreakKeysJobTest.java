package io.flinkstream.breakit;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.DataStream;
import io.flinkstream.api.InvalidJobException;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.connectors.SequenceSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adversarial tests of key types, keyed state lookahead and the rate-limited sequence source. */
class BreakKeysJobTest extends EmbeddedNodeTestBase {

    public enum Op {
        ADD {
            @Override
            long apply(long a, long b) {
                return a + b;
            }
        },
        SUB {
            @Override
            long apply(long a, long b) {
                return a - b;
            }
        };

        abstract long apply(long a, long b);
    }

    static final class ToOp implements MapFunction<Long, Tuple2<Op, Long>> {
        @Override
        public Tuple2<Op, Long> map(Long v) {
            return Tuple2.of(Op.values()[(int) (v % 2)], 1L);
        }
    }

    static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    // ------------------------------------------------------------ 1. enum keys

    static final class OpKey implements KeySelector<Tuple2<Op, Long>, Op> {
        @Override
        public Op getKey(Tuple2<Op, Long> t) {
            return t.f0;
        }
    }

    static final class NestedOpKey implements KeySelector<Tuple2<Op, Long>, Tuple2<Tuple2<Op, String>, Long>> {
        @Override
        public Tuple2<Tuple2<Op, String>, Long> getKey(Tuple2<Op, Long> t) {
            return Tuple2.of(Tuple2.of(t.f0, "x"), 1L);
        }
    }

    static final class OptionalOpKey implements KeySelector<Tuple2<Op, Long>, Optional<Op>> {
        @Override
        public Optional<Op> getKey(Tuple2<Op, Long> t) {
            return Optional.of(t.f0);
        }
    }

    static final class ListOpKey implements KeySelector<Tuple2<Op, Long>, List<Op>> {
        @Override
        public List<Op> getKey(Tuple2<Op, Long> t) {
            return List.of(t.f0);
        }
    }

    public record OpRecord(Op op, String tag) {
    }

    static final class OpRecordKey implements KeySelector<Tuple2<Op, Long>, OpRecord> {
        @Override
        public OpRecord getKey(Tuple2<Op, Long> t) {
            return new OpRecord(t.f0, "t");
        }
    }

    @Test
    void enums_with_constant_bodies_are_refused_directly_nested_in_optional_list_and_record() {
        StreamExecutionEnvironment env = env(2);
        DataStream<Tuple2<Op, Long>> ops = env.fromSequence(0, 99).map(new ToOp());
        for (KeySelector<Tuple2<Op, Long>, ?> key : List.<KeySelector<Tuple2<Op, Long>, ?>>of(new OpKey(),
                new NestedOpKey(), new OptionalOpKey(), new ListOpKey(), new OpRecordKey())) {
            InvalidJobException e = assertThrows(InvalidJobException.class, () -> ops.keyBy(key),
                    key.getClass().getSimpleName());
            assertTrue(e.getMessage().contains(Op.class.getName()), e.getMessage());
        }
    }

    @Test
    void an_object_key_that_is_sometimes_a_constant_body_enum_fails_the_job() {
        StreamExecutionEnvironment env = env(2);
        CollectSink<Tuple2<Op, Long>> sink = newSink();
        env.fromSequence(0, 999).map(new ToOp())
                .keyBy(t -> t.f1 > 0 && t.f0 == Op.SUB ? (Object) t.f0 : (Object) ("s" + t.f0.name()))
                .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).addSink(sink);
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("sometimes enum"));
        assertTrue(causes(e).contains(Op.class.getName() + ".SUB"), causes(e));
    }

    /**
     * A key selector whose declared type is hidden ({@code Object}) but whose keys are tuples holding an enum:
     * refused at run time as {@code Tuple2<Op, String>} is at keyBy when its type can be seen.
     */
    @Test
    void an_object_key_that_is_a_tuple_holding_an_enum_fails_the_job() {
        StreamExecutionEnvironment env = env(2);
        CollectSink<Tuple2<Op, Long>> sink = newSink();
        env.fromSequence(0, 999).map(new ToOp())
                .keyBy(t -> (Object) Tuple2.of(t.f0, "x"))
                .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).addSink(sink);
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("hidden tuple enum"));
        assertTrue(causes(e).contains(Op.class.getName()), causes(e));
    }

    public static class OpPojo {
        public Op op;
        public String tag;

        public OpPojo() {
        }

        OpPojo(Op op, String tag) {
            this.op = op;
            this.tag = tag;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OpPojo p && p.op == op && Objects.equals(p.tag, tag);
        }

        @Override
        public int hashCode() {
            return Objects.hash(op.name(), tag);
        }
    }

    static final class OpPojoKey implements KeySelector<Tuple2<Op, Long>, OpPojo> {
        @Override
        public OpPojo getKey(Tuple2<Op, Long> t) {
            return new OpPojo(t.f0, "t");
        }
    }

    public record NamedOp(Op op, String tag) {
        @Override
        public int hashCode() {
            return op.name().hashCode() * 31 + tag.hashCode();
        }
    }

    static final class NamedOpKey implements KeySelector<Tuple2<Op, Long>, NamedOp> {
        @Override
        public NamedOp getKey(Tuple2<Op, Long> t) {
            return new NamedOp(t.f0, "t");
        }
    }

    private <K> Map<Op, Long> countBy(KeySelector<Tuple2<Op, Long>, K> key) throws Exception {
        StreamExecutionEnvironment env = env(2);
        CollectSink<Tuple2<Op, Long>> sink = newSink();
        env.fromSequence(0, 999).map(new ToOp()).keyBy(key)
                .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).addSink(sink);
        env.execute("count by " + key.getClass().getSimpleName());
        Map<Op, Long> best = new TreeMap<>();
        sink.results().forEach(t -> best.merge(t.f0, t.f1, Math::max));
        return best;
    }

    @Test
    void a_pojo_and_a_record_that_hash_the_enum_by_name_are_accepted() throws Exception {
        assertEquals(Map.of(Op.ADD, 500L, Op.SUB, 500L), countBy(new OpPojoKey()));
        assertEquals(Map.of(Op.ADD, 500L, Op.SUB, 500L), countBy(new NamedOpKey()));
    }

    public record Names(String a, String b) {
    }

    public static class Customer {
        public String id;

        public Customer() {
        }

        Customer(String id) {
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Customer c && Objects.equals(c.id, id);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(id);
        }
    }

    static final class StrKey implements KeySelector<Tuple2<Op, Long>, String> {
        public String getKey(Tuple2<Op, Long> t) {
            return t.f0.name();
        }
    }

    static final class LongKey implements KeySelector<Tuple2<Op, Long>, Long> {
        public Long getKey(Tuple2<Op, Long> t) {
            return (long) t.f0.ordinal();
        }
    }

    static final class PairKey implements KeySelector<Tuple2<Op, Long>, Tuple2<String, Integer>> {
        public Tuple2<String, Integer> getKey(Tuple2<Op, Long> t) {
            return Tuple2.of(t.f0.name(), t.f0.ordinal());
        }
    }

    static final class NamesKey implements KeySelector<Tuple2<Op, Long>, Names> {
        public Names getKey(Tuple2<Op, Long> t) {
            return new Names(t.f0.name(), "b");
        }
    }

    static final class CustomerKey implements KeySelector<Tuple2<Op, Long>, Customer> {
        public Customer getKey(Tuple2<Op, Long> t) {
            return new Customer(t.f0.name());
        }
    }

    @Test
    void legitimate_non_enum_keys_are_never_refused() throws Exception {
        Map<Op, Long> expected = Map.of(Op.ADD, 500L, Op.SUB, 500L);
        assertEquals(expected, countBy(new StrKey()));
        assertEquals(expected, countBy(new LongKey()));
        assertEquals(expected, countBy(new PairKey()));
        assertEquals(expected, countBy(new NamesKey()));
        assertEquals(expected, countBy(new CustomerKey()));
        assertEquals(expected, countBy(t -> t.f0.name()));
        assertEquals(expected, countBy(t -> (Object) t.f0.name()));
    }

    // ------------------------------------------------------------ 3. keyed state lookahead

    /** A key whose hashCode throws for one value. */
    public static final class Touchy implements java.io.Serializable {
        public long v;

        public Touchy() {
        }

        Touchy(long v) {
            this.v = v;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Touchy t && t.v == v;
        }

        @Override
        public int hashCode() {
            if (v == 13) {
                throw new IllegalStateException("cannot hash 13");
            }
            return Long.hashCode(v);
        }
    }

    @Test
    void a_key_whose_hash_code_throws_fails_the_job_with_that_error() {
        StreamExecutionEnvironment env = env(2);
        CollectSink<Long> sink = newSink();
        env.fromSequence(0, 2999).keyBy(v -> new Touchy(v % 50)).map(v -> v).name("after-touchy").addSink(sink);
        JobExecutionException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(JobExecutionException.class, () -> env.execute("touchy")));
        assertTrue(causes(e).contains("cannot hash 13"), causes(e));
    }

    /** Registers its second state lazily, on the 7th record of a key: in the middle of a batch. */
    static final class LazyCount extends KeyedProcessFunction<Long, Long, Tuple2<Long, Long>> {
        private transient ValueState<Long> count;
        private transient ValueState<Long> late;

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple2<Long, Long>> out) throws Exception {
            if (count == null) {
                count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
            }
            long c = count.value() == null ? 1 : count.value() + 1;
            count.update(c);
            if (c >= 7) {
                if (late == null) {
                    late = getRuntimeContext().getState(new ValueStateDescriptor<>("late", Long.class));
                }
                late.update(late.value() == null ? 1 : late.value() + 1);
            }
            out.collect(Tuple2.of(ctx.getCurrentKey(), c * 1_000_000 + (late == null || late.value() == null ? 0
                    : late.value())));
        }
    }

    static final AtomicBoolean FAILED = new AtomicBoolean();

    private Map<Long, Long> lazyCounts(StreamExecutionEnvironment env, SequenceSource source, long n, boolean fail)
            throws Exception {
        CollectSink<Tuple2<Long, Long>> sink = newSink();
        FAILED.set(!fail);
        env.fromSource(source, "seq", io.flinkstream.api.typeinfo.Types.LONG)
                .map(v -> {
                    if (v == n / 2 && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("fail once");
                    }
                    return v;
                }).returns(Long.class)
                .keyBy(v -> v % 37).process(new LazyCount()).name("lazy").addSink(sink);
        env.execute("lazy count");
        Map<Long, Long> best = new TreeMap<>();
        sink.results().forEach(t -> best.merge(t.f0, t.f1, Math::max));
        return best;
    }

    private static Map<Long, Long> expectedLazy(long n) {
        Map<Long, Long> expected = new TreeMap<>();
        for (long v = 0; v < n; v++) {
            expected.merge(v % 37, 1L, Long::sum);
        }
        expected.replaceAll((k, c) -> c * 1_000_000 + Math.max(0, c - 6));
        return expected;
    }

    @Test
    void state_registered_lazily_mid_batch_counts_exactly() throws Exception {
        StreamExecutionEnvironment env = env(2);
        assertEquals(expectedLazy(20_000), lazyCounts(env, new SequenceSource(0, 19_999), 20_000, false));
    }

    @Test
    void state_counts_stay_exact_across_a_failure_and_restore() throws Exception {
        StreamExecutionEnvironment env = env(2);
        env.enableCheckpointing(20);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        // rate-limited so checkpoints complete before the failure
        assertEquals(expectedLazy(4_000), lazyCounts(env, new SequenceSource(0, 3_999).withRatePerSecond(8_000),
                4_000, true));
        assertTrue(FAILED.get());
    }

    // ------------------------------------------------------------ 4. SequenceSource.withRatePerSecond

    @Test
    void rate_limited_source_restored_mid_run_gives_every_number_exactly_once() throws Exception {
        StreamExecutionEnvironment env = env(3);
        env.enableCheckpointing(20);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        CollectSink<Tuple2<Long, Long>> sink = newSink();
        FAILED.set(false);
        env.fromSource(new SequenceSource(0, 2_999).withRatePerSecond(6_000), "seq",
                        io.flinkstream.api.typeinfo.Types.LONG)
                .map(v -> {
                    if (v == 1_500 && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("fail once");
                    }
                    return v;
                }).returns(Long.class)
                .keyBy(v -> 0L).process(new SumAndCount()).addSink(sink);
        env.execute("rate restore");
        assertTrue(FAILED.get());
        long bestCount = 0;
        long bestSum = 0;
        for (Tuple2<Long, Long> t : sink.results()) {
            if (t.f0 > bestCount) {
                bestCount = t.f0;
                bestSum = t.f1;
            }
        }
        assertEquals(3_000, bestCount);
        assertEquals(2_999L * 3_000 / 2, bestSum);
    }

    static final class SumAndCount extends KeyedProcessFunction<Long, Long, Tuple2<Long, Long>> {
        private transient ValueState<Tuple2<Long, Long>> acc;

        @Override
        public void open(io.flinkstream.api.OpenContext ctx) {
            acc = getRuntimeContext().getState(new ValueStateDescriptor<>("acc",
                    io.flinkstream.api.typeinfo.Types.TUPLE(io.flinkstream.api.typeinfo.Types.LONG,
                            io.flinkstream.api.typeinfo.Types.LONG)));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Tuple2<Long, Long>> out) throws Exception {
            Tuple2<Long, Long> a = acc.value() == null ? Tuple2.of(0L, 0L) : acc.value();
            Tuple2<Long, Long> next = Tuple2.of(a.f0 + 1, a.f1 + v);
            acc.update(next);
            out.collect(next);
        }
    }

    @Test
    void rate_one_with_parallelism_larger_than_the_count_gives_every_number() throws Exception {
        StreamExecutionEnvironment env = env(4);
        CollectSink<Long> sink = newSink();
        env.fromSource(new SequenceSource(5, 7).withRatePerSecond(1), "seq", io.flinkstream.api.typeinfo.Types.LONG)
                .addSink(sink);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> env.execute("rate one"));
        assertEquals(List.of(5L, 6L, 7L), sink.results().stream().sorted().toList());
    }
}
