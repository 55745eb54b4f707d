package io.flinkstream.breakit;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.Collector;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.OpenContext;
import io.flinkstream.api.RestartStrategies;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.api.state.ListState;
import io.flinkstream.api.state.ListStateDescriptor;
import io.flinkstream.api.state.MapState;
import io.flinkstream.api.state.MapStateDescriptor;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple3;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Serialized keyed batches carry key groups, not keys: the receiver derives each key again with the key selector.
 * Every job here runs with serialized batches and by reference, and both must give what plain Java computes, record
 * for record — for keys that are tuples with null fields, unicode strings, boundary longs, POJOs and records with
 * negative hash codes, keys of a field a later operator mutates, keyBy after keyBy into another parallelism. A key
 * selector that fails, or returns null, only where the record arrives must fail the job naming the keyBy (and, with
 * restarts, end exact); a key that does not survive the record's serializer must fail it, never count a record under a
 * key of another key group.
 */
class BreakKeyDerivationTest extends EmbeddedNodeTestBase {
    static final int RECORDS = 6_000;
    private static final String[] ACCOUNTS = {"", "a", "Ä", "日本語", "😀🚀", "e\u0301", "\u0000nul", "A",
        "\uD83D\uDE00", "k-" + "x".repeat(300), "\uD800lone", "lone\uDFFF", "\uDC00\uD800", "\uFFFF\uFFFE"};
    private static final long[] IDS = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, Integer.MIN_VALUE,
        (long) Integer.MAX_VALUE + 1};

    // ---------------------------------------------------------------- record and key types

    /** A record whose fields make the keys; bucket may be null. */
    public static final class Trade {
        public String account;
        public long id;
        public Integer bucket;

        public Trade() {
        }

        Trade(String account, long id, Integer bucket) {
            this.account = account;
            this.id = id;
            this.bucket = bucket;
        }

        static Trade of(long v) {
            return new Trade(ACCOUNTS[(int) (v % ACCOUNTS.length)], IDS[(int) (v % IDS.length)],
                    v % 11 == 0 ? null : (int) (v % 5) - 2);
        }
    }

    /** A POJO key whose hash code is always negative, and Integer.MIN_VALUE for floor 0. */
    public static final class Desk {
        public String name;
        public int floor;

        public Desk() {
        }

        Desk(String name, int floor) {
            this.name = name;
            this.floor = floor;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Desk d && d.floor == floor && Objects.equals(d.name, name);
        }

        @Override
        public int hashCode() {
            return floor == 0 ? Integer.MIN_VALUE : (31 * Objects.hashCode(name) + floor) | Integer.MIN_VALUE;
        }

        @Override
        public String toString() {
            return "Desk(" + name + "," + floor + ")";
        }
    }

    /** A record key. */
    public record Book(String owner, long limit) {
    }

    /** The bucket the key depends on is transient: the record's serializer does not write it. */
    public static final class Tagged {
        public long id;
        public transient int bucket;

        public Tagged() {
        }

        Tagged(long id, int bucket) {
            this.id = id;
            this.bucket = bucket;
        }

        @Override
        public String toString() {
            return "Tagged(" + id + ")";
        }
    }

    // ---------------------------------------------------------------- keyed functions

    /** Counts per key in ValueState; emits "key=count" with the key as the runtime gave it. */
    static final class ValueCount<T> extends KeyedProcessFunction<Object, T, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(T value, Context ctx, Collector<String> out) throws Exception {
            long next = count.value() == null ? 1 : count.value() + 1;
            count.update(next);
            out.collect(ctx.getCurrentKey() + "=" + next);
        }
    }

    /** Counts per key in MapState (one entry per key, under the key's text) and ListState (one element per record). */
    static final class MapAndListCount<T> extends KeyedProcessFunction<Object, T, String> {
        private transient MapState<String, Long> counts;
        private transient ListState<Long> seen;

        @Override
        public void open(OpenContext ctx) {
            counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", String.class, Long.class));
            seen = getRuntimeContext().getListState(new ListStateDescriptor<>("seen", Long.class));
        }

        @Override
        public void processElement(T value, Context ctx, Collector<String> out) throws Exception {
            String key = String.valueOf(ctx.getCurrentKey());
            Long c = counts.get(key);
            long next = c == null ? 1 : c + 1;
            counts.put(key, next);
            seen.add(next);
            long listed = 0;
            for (Long ignored : seen.get()) {
                listed++;
            }
            if (listed != next || !counts.keys().iterator().hasNext()) {
                throw new IllegalStateException("key " + key + ": map says " + next + ", list holds " + listed);
            }
            out.collect(key + "=" + next);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Runs the job {@code build} makes (from an env with the given modes) and gives the sink's sorted results. */
    private List<String> run(boolean serialize, boolean objectReuse,
                             java.util.function.BiConsumer<StreamExecutionEnvironment, CollectSink<String>> build)
            throws Exception {
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setSerializeLocalBatches(serialize).setBatchSize(32);
        if (objectReuse) {
            env.getConfig().enableObjectReuse();
        }
        env.setRestartStrategy(RestartStrategies.noRestart());
        CollectSink<String> sink = newSink();
        build.accept(env, sink);
        env.execute("key derivation, serialized " + serialize + ", object reuse " + objectReuse);
        List<String> results = new ArrayList<>(sink.results());
        results.sort(null);
        return results;
    }

    /** For each key of {@code records}, "key=1" ... "key=n", sorted: what a running count per key emits. */
    static <T> List<String> runningCounts(List<T> records, Function<T, Object> key) {
        Map<String, Long> counts = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (T r : records) {
            String k = String.valueOf(key.apply(r));
            out.add(k + "=" + counts.merge(k, 1L, Long::sum));
        }
        out.sort(null);
        return out;
    }

    static List<Trade> trades() {
        List<Trade> trades = new ArrayList<>();
        for (long v = 0; v < RECORDS; v++) {
            trades.add(Trade.of(v));
        }
        return trades;
    }

    /** The job in both modes equals the plain-Java {@code expected}, record for record. */
    private void assertBothModes(List<String> expected, boolean objectReuse,
                                 java.util.function.BiConsumer<StreamExecutionEnvironment, CollectSink<String>> build)
            throws Exception {
        List<String> serialized = run(true, objectReuse, build);
        List<String> byReference = run(false, objectReuse, build);
        assertEquals(expected.size(), serialized.size(), "records, serialized");
        assertEquals(expected, byReference, "by reference");
        assertEquals(expected, serialized, "serialized");
    }

    static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" <- ");
        }
        return all.toString();
    }

    // ---------------------------------------------------------------- tests

    @ParameterizedTest(name = "object reuse: {0}")
    @ValueSource(booleans = {false, true})
    void when_tuple3_keys_hold_unicode_boundary_longs_and_null_fields_then_both_modes_equal_plain_java(
            boolean objectReuse) throws Exception {
        // Given: a new Tuple3 each call, equal to the last; Strings with surrogate pairs, NUL and combining marks
        KeySelector<Trade, Tuple3<String, Long, Integer>> key = t -> Tuple3.of(t.account, t.id, t.bucket);
        List<String> expected = runningCounts(trades(), t -> Tuple3.of(t.account, t.id, t.bucket));

        // When / Then
        assertBothModes(expected, objectReuse, (env, sink) -> env.fromSequence(0, RECORDS - 1)
                .map(Trade::of).returns(Trade.class).name("trade")
                .keyBy(key)
                .process(new ValueCount<>()).name("count").setParallelism(3)
                .addSink(sink));
    }

    /** A record holding a mutable POJO key. */
    public static final class Seat {
        public Desk desk;
        public long id;

        public Seat() {
        }

        Seat(Desk desk, long id) {
            this.desk = desk;
            this.id = id;
        }
    }

    /** Counts per desk, then moves the desk it was given (the object the key selector returned) to another floor. */
    static final class CountThenMoveDesk extends KeyedProcessFunction<Desk, Seat, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Seat value, Context ctx, Collector<String> out) throws Exception {
            long next = count.value() == null ? 1 : count.value() + 1;
            count.update(next);
            out.collect(ctx.getCurrentKey() + "=" + next);
            value.desk.floor += 1000;
        }
    }

    @ParameterizedTest(name = "object reuse: {0}")
    @ValueSource(booleans = {false, true})
    void when_the_keyed_function_mutates_the_object_its_key_selector_returned_then_both_modes_equal_plain_java(
            boolean objectReuse) throws Exception {
        // Given: the key is the record's own Desk object, and the keyed function changes it after counting
        List<Seat> seats = new ArrayList<>();
        for (long v = 0; v < RECORDS; v++) {
            seats.add(new Seat(new Desk(ACCOUNTS[(int) (v % ACCOUNTS.length)], (int) (v % 3)), v));
        }
        List<String> expected = runningCounts(seats, s -> s.desk);

        // When / Then
        assertBothModes(expected, objectReuse, (env, sink) -> env.fromSequence(0, RECORDS - 1)
                .map(v -> new Seat(new Desk(ACCOUNTS[(int) (v % ACCOUNTS.length)], (int) (v % 3)), v))
                .returns(Seat.class).name("seat")
                .keyBy(s -> s.desk)
                .process(new CountThenMoveDesk()).name("move").setParallelism(3)
                .addSink(sink));
    }

    @Test
    void when_keys_are_pojos_with_negative_hash_codes_and_records_then_keyby_after_keyby_at_other_parallelism_is_exact()
            throws Exception {
        // Given: Desk keys (hash codes all negative, one Integer.MIN_VALUE) at parallelism 3, then Book record keys
        // of the first stage's output at parallelism 1 and 4
        List<Trade> trades = trades();
        Function<Trade, Desk> desk = t -> new Desk(t.account, t.bucket == null ? 0 : t.bucket);
        List<String> firstStage = runningCounts(trades, t -> desk.apply(t));
        List<String> expected = runningCounts(firstStage, s -> new Book(s.substring(0, s.lastIndexOf('=')),
                Long.parseLong(s.substring(s.lastIndexOf('=') + 1)) % 3 - 1));

        for (int secondParallelism : new int[] {1, 4}) {
            // When / Then
            assertBothModes(expected, false, (env, sink) -> env.fromSequence(0, RECORDS - 1)
                    .map(Trade::of).returns(Trade.class).name("trade")
                    .keyBy(t -> new Desk(t.account, t.bucket == null ? 0 : t.bucket))
                    .process(new ValueCount<>()).name("desks").setParallelism(3)
                    .keyBy(s -> new Book(s.substring(0, s.lastIndexOf('=')),
                            Long.parseLong(s.substring(s.lastIndexOf('=') + 1)) % 3 - 1))
                    .process(new MapAndListCount<>()).name("books").setParallelism(secondParallelism)
                    .addSink(sink));
        }
    }

    @Test
    void when_two_streams_keyed_by_different_selectors_are_united_into_one_keyed_function_then_each_edge_keys_its_own()
            throws Exception {
        // Given: two keyed edges into one operator, each with its own key selector (mod 7, and decade mod 7 as text)
        List<Object> keys = new ArrayList<>();
        for (long v = 0; v < RECORDS; v++) {
            keys.add(v % 7);
            keys.add("d" + (v / 10) % 7);
        }
        List<String> expected = runningCounts(keys, k -> k);

        // When / Then
        assertBothModes(expected, false, (env, sink) -> {
            io.flinkstream.api.DataStream<Long> first = env.fromSequence(0, RECORDS - 1).name("first")
                    .keyBy(v -> (Object) (v % 7));
            io.flinkstream.api.DataStream<Long> second = env.fromSequence(0, RECORDS - 1).name("second")
                    .keyBy(v -> (Object) ("d" + (v / 10) % 7));
            first.union(second)
                    .process(new ValueCount<Long>()).name("both").setParallelism(3)
                    .addSink(sink);
        });
    }

    /** Overrides neither equals nor hashCode. */
    public static final class NoHash {
        public long value;

        public NoHash() {
        }

        NoHash(long value) {
            this.value = value;
        }
    }

    /** A record key whose compiler-made hashCode hashes a component by identity. */
    public record Holder(NoHash inner) {
    }

    /** Holds the key's part. */
    public static final class Holding {
        public NoHash inner;

        public Holding() {
        }

        Holding(long v) {
            inner = new NoHash(v % 5);
        }
    }

    @Test
    void when_a_record_key_hashes_a_component_by_identity_then_the_serialized_job_fails_naming_the_keyby() {
        // Given a key whose compiler-made hash code hashes an identity-hashed component (the lambda hides the key
        // type from keyBy's checks), and object reuse, so the sender keys the very object the map made
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setSerializeLocalBatches(true).enableObjectReuse();
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.fromSequence(0, 999)
                .map(Holding::new).returns(Holding.class).name("hold")
                .keyBy(h -> new Holder(h.inner))
                .process(new ValueCount<>()).name("per holder")
                .addSink(newSink());

        // When
        JobExecutionException e = assertThrows(JobExecutionException.class,
                () -> env.execute("identity-hashed component"));

        // Then the receiver's key lands in another key group, and the error says why
        String all = causes(e);
        assertTrue(all.contains("keyBy before per holder") && all.contains("no identity hash codes"), all);
    }

    /** Counts per account, then changes the record it was given (account and id) and emits that same object. */
    static final class CountThenMutate extends KeyedProcessFunction<String, Trade, Trade> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Trade value, Context ctx, Collector<Trade> out) throws Exception {
            long next = count.value() == null ? 1 : count.value() + 1;
            count.update(next);
            if (!ctx.getCurrentKey().equals(value.account)) {
                throw new IllegalStateException("current key " + ctx.getCurrentKey() + " for " + value.account);
            }
            value.account = value.account + "#" + (next % 3);
            value.id = next;
            out.collect(value);
        }
    }

    @ParameterizedTest(name = "object reuse: {0}")
    @ValueSource(booleans = {false, true})
    void when_an_operator_mutates_the_field_the_next_keyby_keys_on_then_both_modes_equal_plain_java(
            boolean objectReuse) throws Exception {
        // Given: the first keyed operator rewrites the very field the second keyBy reads, in the record it was given
        Map<String, Long> perAccount = new HashMap<>();
        List<Trade> mutated = new ArrayList<>();
        for (Trade t : trades()) {
            long next = perAccount.merge(t.account, 1L, Long::sum);
            mutated.add(new Trade(t.account + "#" + (next % 3), next, t.bucket));
        }
        List<String> expected = runningCounts(mutated, t -> t.account);

        // When / Then
        assertBothModes(expected, objectReuse, (env, sink) -> env.fromSequence(0, RECORDS - 1)
                .map(Trade::of).returns(Trade.class).name("trade")
                .keyBy(t -> t.account)
                .process(new CountThenMutate()).returns(Trade.class).name("mutate").setParallelism(3)
                .map(t -> t).returns(Trade.class).name("same object")
                .keyBy(t -> t.account)
                .process(new ValueCount<>()).name("count").setParallelism(2)
                .addSink(sink));
    }

    private static void perTransientBucket(StreamExecutionEnvironment env, CollectSink<String> sink) {
        env.fromSequence(0, 999)
                .map(v -> new Tagged(v, (int) (v % 40) + 1)).returns(Tagged.class).name("tag")
                .keyBy(t -> t.bucket)
                .process(new ValueCount<>()).name("per bucket")
                .addSink(sink);
    }

    @Test
    void given_copies_between_operators_when_a_key_depends_on_a_field_the_serializer_drops_then_both_modes_agree()
            throws Exception {
        // Given: without object reuse the record is copied with its serializer before the sender's key selector
        // sees it, so the sender already reads bucket 0, as in Flink
        List<Long> records = java.util.stream.LongStream.range(0, 1000).boxed().toList();
        List<String> expected = runningCounts(records, v -> 0);

        // When / Then: both modes count everything under bucket 0, and neither fails
        assertBothModes(expected, false, BreakKeyDerivationTest::perTransientBucket);
    }

    @Test
    void given_object_reuse_when_a_key_depends_on_a_field_the_serializer_drops_then_the_serialized_job_fails()
            throws Exception {
        // Given object reuse: the sender keys the record as the map made it (buckets 1..40); by reference that is
        // also what the receiver sees
        List<Long> records = java.util.stream.LongStream.range(0, 1000).boxed().toList();
        assertEquals(runningCounts(records, v -> (int) (v % 40) + 1),
                run(false, true, BreakKeyDerivationTest::perTransientBucket));

        // When serialized: the receiver reads every record back with bucket 0
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setSerializeLocalBatches(true).enableObjectReuse();
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(2, Duration.ZERO));
        CollectSink<String> sink = newSink();
        perTransientBucket(env, sink);
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("transient key"));

        // Then the job fails naming the keyBy, says what to look at, and counted nothing under bucket 0
        String all = causes(e);
        assertTrue(all.contains("keyBy before per bucket"), all);
        assertTrue(all.contains("key group"), all);
        assertTrue(all.contains("serializer"), "the error points at the record's serializer: " + all);
        assertTrue(sink.results().stream().noneMatch(r -> r.startsWith("0=")), "nothing counted under bucket 0");
    }

    // ---------------------------------------------------------------- selectors that misbehave where records arrive

    /** Per record value, how often the selector was called; reset by each test. */
    static final Map<Long, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    static final AtomicLong ALL_CALLS = new AtomicLong();
    static final AtomicBoolean ARMED = new AtomicBoolean();

    enum Misbehaviour { THROW, NULL, SAME_GROUP, NONE }

    /** For SAME_GROUP: another key than 4321 % 7, of the same key group at max parallelism 128. */
    static volatile long sameGroupKey;

    /**
     * Key v % 7, counting its calls; on the second call for record 4321 (the receiving side of a serialized batch),
     * once, it throws or returns null.
     */
    static final class SecondCallSelector implements KeySelector<Long, Long> {
        private final Misbehaviour misbehaviour;

        SecondCallSelector(Misbehaviour misbehaviour) {
            this.misbehaviour = misbehaviour;
        }

        @Override
        public Long getKey(Long v) {
            ALL_CALLS.incrementAndGet();
            int call = CALLS.computeIfAbsent(v, x -> new AtomicInteger()).incrementAndGet();
            if (v == 4321 && call == 2 && misbehaviour != Misbehaviour.NONE && ARMED.compareAndSet(true, false)) {
                if (misbehaviour == Misbehaviour.THROW) {
                    throw new IllegalArgumentException("selector broke on record " + v);
                }
                return misbehaviour == Misbehaviour.SAME_GROUP ? sameGroupKey : null;
            }
            return v % 7;
        }
    }

    static void reset() {
        CALLS.clear();
        ALL_CALLS.set(0);
        ARMED.set(true);
    }

    private static StreamExecutionEnvironment selectorJob(StreamExecutionEnvironment env, Misbehaviour m,
                                                          CollectSink<String> sink) {
        env.fromSequence(0, RECORDS - 1)
                .keyBy(new SecondCallSelector(m))
                .process(new ValueCount<>()).name("mod seven")
                .addSink(sink);
        return env;
    }

    @Test
    void when_the_selector_is_stateful_then_it_runs_once_by_reference_and_twice_serialized_with_equal_results()
            throws Exception {
        List<Long> records = java.util.stream.LongStream.range(0, RECORDS).boxed().toList();
        List<String> expected = runningCounts(records, v -> v % 7);

        // When by reference
        reset();
        List<String> byReference = run(false, false, (env, sink) -> selectorJob(env, Misbehaviour.NONE, sink));
        assertEquals(RECORDS, ALL_CALLS.get(), "by reference the selector runs once per record");

        // When serialized
        reset();
        List<String> serialized = run(true, false, (env, sink) -> selectorJob(env, Misbehaviour.NONE, sink));
        assertEquals(2L * RECORDS, ALL_CALLS.get(), "serialized: once where sent, once where received");
        assertTrue(CALLS.values().stream().allMatch(c -> c.get() == 2), "each record twice");

        // Then
        assertEquals(expected, byReference);
        assertEquals(expected, serialized);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"THROW", "NULL"})
    void when_the_selector_misbehaves_only_where_the_record_arrives_then_the_job_fails_naming_the_keyby(String how) {
        // Given
        reset();
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setSerializeLocalBatches(true);
        env.setRestartStrategy(RestartStrategies.noRestart());
        CollectSink<String> sink = newSink();
        selectorJob(env, Misbehaviour.valueOf(how), sink);

        // When
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("selector " + how));

        // Then
        assertFalse(ARMED.get(), "the selector misbehaved");
        String all = causes(e);
        assertTrue(all.contains("keyBy before mod seven"), all);
        assertTrue(all.contains(how.equals("THROW") ? "selector broke on record 4321" : "null key"), all);
        if (how.equals("NULL")) {
            assertTrue(all.contains("serialized and read back"), "says the key was derived where it arrived: " + all);
        }
        // and no record was counted under a wrong key before it failed
        for (String r : sink.results()) {
            String[] kc = r.split("=");
            assertTrue(Long.parseLong(kc[0]) >= 0 && Long.parseLong(kc[0]) < 7, r);
        }
    }

    @Test
    @Disabled("BUG: a selector giving another key of the same key group where the record arrives counts it under "
            + "that key silently (only key groups are checked, the key is not sent)")
    void when_the_selector_gives_another_key_of_the_same_key_group_where_the_record_arrives_then_the_job_fails() {
        // Given: on the second call for record 4321 (where it arrives) another key whose key group is the same
        reset();
        long key = 4321 % 7;
        int group = io.flinkstream.state.KeyGroupRangeAssignment.assignToKeyGroup(key, 128);
        long other = 7;
        while (io.flinkstream.state.KeyGroupRangeAssignment.assignToKeyGroup(other, 128) != group) {
            other++;
        }
        sameGroupKey = other;
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setSerializeLocalBatches(true).setMaxParallelism(128);
        env.setRestartStrategy(RestartStrategies.noRestart());
        CollectSink<String> sink = newSink();
        selectorJob(env, Misbehaviour.SAME_GROUP, sink);

        // When / Then: the job must fail naming the keyBy, not count record 4321 under the other key
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("same key group"),
                () -> "counted under " + sameGroupKey + ": "
                        + sink.results().stream().filter(r -> r.startsWith(sameGroupKey + "=")).toList());
        assertTrue(causes(e).contains("keyBy before mod seven"), causes(e));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"THROW", "NULL"})
    void given_restarts_when_the_selector_misbehaves_once_where_the_record_arrives_then_the_end_is_exact(
            String how) throws Exception {
        // Given
        reset();
        StreamExecutionEnvironment env = env(2);
        env.getConfig().setSerializeLocalBatches(true).setBatchSize(16);
        env.enableCheckpointing(10);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, Duration.ZERO));
        CollectSink<String> sink = newSink();
        selectorJob(env, Misbehaviour.valueOf(how), sink);

        // When
        env.execute("selector " + how + " once, restarted");

        // Then: the failure happened, and the last count per key is exact (replays may repeat running counts)
        assertFalse(ARMED.get(), "the selector misbehaved");
        Map<String, Long> last = new HashMap<>();
        for (String r : sink.results()) {
            String[] kc = r.split("=");
            last.merge(kc[0], Long.parseLong(kc[1]), Math::max);
        }
        Map<String, Long> expected = new HashMap<>();
        for (long v = 0; v < RECORDS; v++) {
            expected.merge(String.valueOf(v % 7), 1L, Long::sum);
        }
        assertEquals(expected, last);
    }
}
