package io.flinkstream.api;

import io.flinkstream.EmbeddedNodeTestBase;
import io.flinkstream.api.state.ValueState;
import io.flinkstream.api.state.ValueStateDescriptor;
import io.flinkstream.api.tuple.Tuple2;
import io.flinkstream.api.typeinfo.GenericTypeInfo;
import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeinfo.Types;
import io.flinkstream.connectors.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The types a job's streams get, how returns(...) and the serializer settings act on them, end to end. */
class TypesApiTest extends EmbeddedNodeTestBase {

    /** Not a POJO (no no-argument constructor), so only Kryo can handle it. */
    static final class Opaque {
        final long value;

        Opaque(long value) {
            this.value = value;
        }
    }

    @Test
    void when_functions_declare_their_types_then_streams_have_them_and_erased_ones_are_generic() {
        // Given
        StreamExecutionEnvironment env = env(1);
        DataStream<Long> numbers = env.fromSequence(1, 3);

        // When
        DataStream<String> named = numbers.map(new MapFunction<Long, String>() {
            @Override
            public String map(Long value) {
                return "n" + value;
            }
        });
        DataStream<Long> lambda = numbers.map(v -> v * 2);
        DataStream<Tuple2<Long, Long>> erased = numbers.map(v -> Tuple2.of(v, v));
        DataStream<Tuple2<Long, Long>> declared = numbers.map(v -> Tuple2.of(v, v))
                .returns(new TypeHint<Tuple2<Long, Long>>() { });

        // Then
        assertEquals(Types.LONG, numbers.getType());
        assertEquals(Types.STRING, named.getType());
        assertEquals(Types.LONG, lambda.getType());
        assertEquals(Tuple2.class, erased.getType().getTypeClass());
        assertEquals(Types.TUPLE(Types.LONG, Types.LONG), declared.getType());
        assertEquals(Types.LONG, declared.keyBy(t -> t.f0).getKeyType());
    }

    @Test
    void when_generic_types_are_disabled_then_a_job_needing_kryo_fails_at_execute_naming_operator_and_type() {
        // Given
        StreamExecutionEnvironment env = env(1);
        env.getConfig().disableGenericTypes();
        env.fromSequence(1, 3).map(v -> new Opaque(v)).returns(new GenericTypeInfo<>(Opaque.class)).name("Wrap")
                .addSink(new CollectSink<>());

        // When / Then
        InvalidJobException error = assertThrows(InvalidJobException.class, () -> env.execute("no generics"));
        assertTrue(error.getMessage().contains("'Wrap'"), error.getMessage());
        assertTrue(error.getMessage().contains(Opaque.class.getCanonicalName()), error.getMessage());
    }

    @Test
    void when_elements_are_not_serializable_then_from_elements_still_delivers_them() throws Exception {
        // Given objects that are neither Serializable nor POJOs
        StreamExecutionEnvironment env = env(1);
        CollectSink<Long> sink = newSink();

        // When
        env.fromElements(new Opaque(1), new Opaque(2), new Opaque(3)).map(o -> o.value).addSink(sink);
        env.execute("opaque elements");

        // Then
        assertEquals(List.of(1L, 2L, 3L), sink.results());
    }

    @Test
    void when_a_value_state_has_a_default_then_keys_without_a_value_read_a_copy_of_it() throws Exception {
        // Given a default that the function changes in place: each key must still start from the default
        StreamExecutionEnvironment env = env(1);
        CollectSink<String> sink = newSink();

        // When
        env.fromElements("a", "b", "a").keyBy(s -> s).process(new CountFromDefault()).addSink(sink);
        env.execute("defaults");

        // Then
        assertEquals(List.of("a101", "b101", "a102"), sink.results());
    }

    /** Counts per key in a {@code long[]} that starts as the descriptor's default, changed in place. */
    static final class CountFromDefault extends KeyedProcessFunction<String, String, String> {
        private transient ValueState<long[]> seen;

        @Override
        public void open(OpenContext ctx) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", TypeInformation.of(long[].class),
                    new long[] {100}));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) throws Exception {
            long[] count = seen.value();
            count[0]++;
            seen.update(count);
            out.collect(value + count[0]);
        }
    }
}
