package io.flinkstream.api.typeinfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.AggregateFunction;
import io.flinkstream.api.Collector;
import io.flinkstream.api.FilterFunction;
import io.flinkstream.api.FlatMapFunction;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.ProcessFunction;
import io.flinkstream.api.ReduceFunction;
import io.flinkstream.api.RichMapFunction;
import io.flinkstream.api.source.Boundedness;
import io.flinkstream.api.source.Source;
import io.flinkstream.api.source.SourceReader;
import io.flinkstream.api.source.SourceReaderContext;
import io.flinkstream.api.tuple.Tuple2;

import java.io.Serializable;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionTypesTest {

    // ---- functions under test ----

    /** Binds MapFunction's output to a type of its own parameter. */
    static class Wrapping<X> implements MapFunction<X, List<X>> {
        private static final long serialVersionUID = 1L;

        @Override
        public List<X> map(X value) {
            return List.of(value);
        }
    }

    /** Binds Wrapping's parameter, and so MapFunction's arguments, two levels down. */
    static final class WrappingStrings extends Wrapping<String> {
        private static final long serialVersionUID = 1L;
    }

    static class Labelling<X> implements MapFunction<Long, X> {
        private static final long serialVersionUID = 1L;

        @Override
        public X map(Long value) {
            return null;
        }
    }

    static final class LabellingStrings extends Labelling<String> {
        private static final long serialVersionUID = 1L;
    }

    static final class Identity<T> implements MapFunction<T, T> {
        private static final long serialVersionUID = 1L;

        @Override
        public T map(T value) {
            return value;
        }
    }

    static final class Repeating<T> implements MapFunction<T, T[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public T[] map(T value) {
            return null;
        }
    }

    static final class Lengths extends RichMapFunction<String, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer map(String value) {
            return value.length();
        }
    }

    static final class NumberSplit implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    static final class Numbers implements Source<Long, NumberSplit> {
        private static final long serialVersionUID = 1L;

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public List<NumberSplit> initialSplits(int subtaskIndex, int parallelism) {
            return List.of();
        }

        @Override
        public SourceReader<Long, NumberSplit> createReader(SourceReaderContext context) {
            throw new UnsupportedOperationException("never read in this test");
        }
    }

    /** Inner (non-static) on purpose: its enclosing instance must not confuse the hierarchy walk. */
    final class Doubling implements MapFunction<Double, Double> {
        private static final long serialVersionUID = 1L;

        @Override
        public Double map(Double value) {
            return value * 2;
        }
    }

    static Tuple2<String, Long> toTuple(String word) {
        return Tuple2.of(word, 1L);
    }

    /** A lambda typed in a generic method: erasure leaves only Object. */
    static <T> MapFunction<T, T> erasedIdentity() {
        return value -> value;
    }

    // ---- classes ----

    @Test
    void when_anonymousClassMapsLongToString_then_outputIsString() {
        // Given
        MapFunction<Long, String> toText = new MapFunction<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String map(Long value) {
                return "#" + value;
            }
        };

        // When
        TypeInformation<String> output = FunctionTypes.getMapReturnTypes(toText, Types.LONG);

        // Then
        assertEquals(Types.STRING, output);
    }

    @Test
    void when_subclassBindsItsParentsVariable_then_theBindingReachesTheInterface() {
        // Given / When
        TypeInformation<String> output = FunctionTypes.getMapReturnTypes(new LabellingStrings(), Types.LONG);

        // Then
        assertEquals(Types.STRING, output);
    }

    @Test
    void when_subclassBindsAVariableNestedInTheOutput_then_theOutputIsTheBoundType() {
        // Given
        WrappingStrings function = new WrappingStrings();

        // When
        TypeInformation<List<String>> output = FunctionTypes.getMapReturnTypes(function, Types.STRING);
        Type[] arguments = TypeArguments.of(WrappingStrings.class, MapFunction.class);

        // Then
        assertEquals(List.class, output.getTypeClass());
        assertEquals(TypeInformation.of(new TypeHint<List<String>>() {}), output);
        assertEquals(String.class, arguments[0]);
        assertEquals(List.class, ((ParameterizedType) arguments[1]).getRawType());
        assertArrayEquals(new Type[] {String.class}, ((ParameterizedType) arguments[1]).getActualTypeArguments());
    }

    @Test
    void when_classLeavesTheOutputAsItsInputVariable_then_theOutputIsTheInputType() {
        // Given
        TypeInformation<Tuple2<String, Long>> pairs = TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {});

        // When
        TypeInformation<Long> longs = FunctionTypes.getMapReturnTypes(new Identity<Long>(), Types.LONG);
        TypeInformation<Tuple2<String, Long>> samePairs = FunctionTypes.getMapReturnTypes(new Identity<>(), pairs);

        // Then
        assertEquals(Types.LONG, longs);
        assertEquals(pairs, samePairs);
    }

    @Test
    void when_classNestsItsInputVariableInTheOutput_then_theInputsClassIsSubstituted() {
        // Given / When
        TypeInformation<String[]> array = FunctionTypes.getMapReturnTypes(new Repeating<String>(), Types.STRING);
        TypeInformation<List<String>> list = FunctionTypes.getMapReturnTypes(new Wrapping<String>(), Types.STRING);

        // Then
        assertEquals(String[].class, array.getTypeClass());
        assertEquals(TypeInformation.of(String[].class), array);
        assertEquals(TypeInformation.of(new TypeHint<List<String>>() {}), list);
    }

    @Test
    void when_classLeavesTheOutputOpenAndNoInputIsKnown_then_outputIsGenericObject() {
        // Given / When
        TypeInformation<Object> output = FunctionTypes.outputType(new Identity<>(), MapFunction.class, 1);

        // Then
        assertEquals(new GenericTypeInfo<>(Object.class), output);
    }

    @Test
    void when_richMapFunctionSubclass_then_outputComesThroughTheRichClass() {
        // Given / When
        TypeInformation<Integer> output = FunctionTypes.getMapReturnTypes(new Lengths(), Types.STRING);

        // Then
        assertEquals(Types.INT, output);
    }

    @Test
    void when_innerClass_then_outputIsFoundLikeAnyClass() {
        // Given / When
        TypeInformation<Double> output = FunctionTypes.getMapReturnTypes(new Doubling(), Types.DOUBLE);

        // Then
        assertEquals(Types.DOUBLE, output);
    }

    @Test
    void when_anonymousAggregateFunction_then_accumulatorAndResultTypesAreFound() {
        // Given
        AggregateFunction<Long, Tuple2<Long, Long>, Double> average = new AggregateFunction<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public Tuple2<Long, Long> createAccumulator() {
                return Tuple2.of(0L, 0L);
            }

            @Override
            public Tuple2<Long, Long> add(Long value, Tuple2<Long, Long> accumulator) {
                return Tuple2.of(accumulator.f0 + value, accumulator.f1 + 1);
            }

            @Override
            public Double getResult(Tuple2<Long, Long> accumulator) {
                return (double) accumulator.f0 / accumulator.f1;
            }

            @Override
            public Tuple2<Long, Long> merge(Tuple2<Long, Long> a, Tuple2<Long, Long> b) {
                return Tuple2.of(a.f0 + b.f0, a.f1 + b.f1);
            }
        };

        // When
        TypeInformation<Tuple2<Long, Long>> accumulator =
                FunctionTypes.getAggregateFunctionAccumulatorType(average, Types.LONG);
        TypeInformation<Double> result = FunctionTypes.getAggregateFunctionReturnType(average, Types.LONG);

        // Then
        assertEquals(Tuple2.class, accumulator.getTypeClass());
        assertEquals(TypeInformation.of(new TypeHint<Tuple2<Long, Long>>() {}), accumulator);
        assertEquals(Types.DOUBLE, result);
    }

    @Test
    void when_processFunctionsAreAnonymousClasses_then_theirOutputsAreFound() {
        // Given
        ProcessFunction<String, Integer> lengths = new ProcessFunction<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public void processElement(String value, Context ctx, Collector<Integer> out) {
                out.collect(value.length());
            }
        };
        KeyedProcessFunction<String, Long, Boolean> positives = new KeyedProcessFunction<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public void processElement(Long value, Context ctx, Collector<Boolean> out) {
                out.collect(value > 0);
            }
        };

        // When / Then
        assertEquals(Types.INT, FunctionTypes.getProcessFunctionReturnTypes(lengths, Types.STRING));
        assertEquals(Types.BOOLEAN, FunctionTypes.getKeyedProcessFunctionReturnTypes(positives, Types.LONG));
    }

    @Test
    void when_sourceClass_then_recordAndSplitTypesAreFound() {
        // Given / When
        TypeInformation<Long> records = FunctionTypes.getSourceType(new Numbers());
        TypeInformation<NumberSplit> splits = FunctionTypes.getSplitType(new Numbers());

        // Then
        assertEquals(Types.LONG, records);
        assertEquals(NumberSplit.class, splits.getTypeClass());
    }

    // ---- lambdas and method references ----

    @Test
    void when_lambdaMapsLongToLong_then_outputIsLong() {
        // Given
        MapFunction<Long, Long> doubling = v -> v * 2;

        // When
        TypeInformation<Long> output = FunctionTypes.getMapReturnTypes(doubling, Types.LONG);

        // Then
        assertEquals(Types.LONG, output);
    }

    @Test
    void when_methodReferenceReturnsAGenericTuple_then_outputIsThatTuple() {
        // Given
        MapFunction<String, Tuple2<String, Long>> pairing = FunctionTypesTest::toTuple;

        // When
        TypeInformation<Tuple2<String, Long>> output = FunctionTypes.getMapReturnTypes(pairing, Types.STRING);

        // Then
        assertEquals(Tuple2.class, output.getTypeClass());
        assertEquals(TypeInformation.of(new TypeHint<Tuple2<String, Long>>() {}), output);
    }

    @Test
    void when_methodReferenceIsTypedWiderThanItsMethod_then_theMethodsReturnTypeIsUsed() {
        // Given: the descriptor says Object, only the referenced method's signature says Tuple2
        MapFunction<String, Object> pairing = FunctionTypesTest::toTuple;

        // When
        TypeInformation<Object> output = FunctionTypes.getMapReturnTypes(pairing, Types.STRING);

        // Then
        assertEquals(Tuple2.class, output.getTypeClass());
    }

    @Test
    void when_keySelectorIsAMethodReferenceToAnInstanceMethod_then_keyIsItsBoxedReturnType() {
        // Given
        KeySelector<String, Integer> byLength = String::length;

        // When
        TypeInformation<Integer> key = FunctionTypes.getKeySelectorTypes(byLength, Types.STRING);

        // Then
        assertEquals(Types.INT, key);
    }

    @Test
    void when_flatMapIsALambda_then_outputIsGenericObject() {
        // Given: the output only reaches an erased Collector
        FlatMapFunction<String, String> words = (line, out) -> {
            for (String word : line.split(" ")) {
                out.collect(word);
            }
        };

        // When
        TypeInformation<String> output = FunctionTypes.getFlatMapReturnTypes(words, Types.STRING);

        // Then
        assertEquals(new GenericTypeInfo<>(Object.class), output);
    }

    @Test
    void when_lambdaWasTypedInAGenericMethod_then_outputIsGenericObjectWithoutAnException() {
        // Given
        MapFunction<Long, Long> identity = erasedIdentity();

        // When
        TypeInformation<Long> output = FunctionTypes.getMapReturnTypes(identity, Types.LONG);

        // Then
        assertEquals(new GenericTypeInfo<>(Object.class), output);
    }

    @Test
    void when_lambdaOfOtherInterfaces_then_theirTypeArgumentsAreReadFromTheirMethods() {
        // Given
        ReduceFunction<Integer> sum = Integer::sum;
        FilterFunction<String> nonEmpty = s -> !s.isEmpty();
        MapFunction<String, Integer> capturing = s -> s.length() + sum.hashCode();

        // When / Then
        assertEquals(Types.INT, FunctionTypes.outputType(sum, ReduceFunction.class, 0));
        assertEquals(Types.STRING, FunctionTypes.outputType(nonEmpty, FilterFunction.class, 0));
        assertEquals(Types.STRING, FunctionTypes.outputType(capturing, MapFunction.class, 0));
        assertEquals(Types.INT, FunctionTypes.outputType(capturing, MapFunction.class, 1));
    }

    @Test
    void when_boundMethodReference_then_capturedReceiverIsSkipped() {
        // Given: the receiver is captured, so the interface's parameter 0 is the method's parameter 0
        String prefix = "key-";
        MapFunction<String, Boolean> hasPrefix = prefix::equals;

        // When / Then
        assertEquals(Types.BOOLEAN, FunctionTypes.getMapReturnTypes(hasPrefix, Types.STRING));
        assertEquals(Types.STRING, FunctionTypes.outputType(hasPrefix, MapFunction.class, 0));
    }

    // ---- misuse ----

    @Test
    void when_argumentsAreWrong_then_theErrorNamesTheFix() {
        // Given
        MapFunction<Long, Long> doubling = v -> v * 2;

        // When / Then
        assertThrows(NullPointerException.class, () -> FunctionTypes.outputType(null, MapFunction.class, 1));
        IllegalArgumentException notImplemented = assertThrows(IllegalArgumentException.class,
                () -> FunctionTypes.outputType(doubling, KeySelector.class, 1));
        IllegalArgumentException noSuchArgument = assertThrows(IllegalArgumentException.class,
                () -> FunctionTypes.outputType(doubling, MapFunction.class, 2));
        assertTrue(notImplemented.getMessage().contains("is not a io.flinkstream.api.KeySelector"),
                notImplemented.getMessage());
        assertEquals("Type argument 2 of io.flinkstream.api.MapFunction does not exist: it has 2 (indexes 0 to 1)",
                noSuchArgument.getMessage());
    }
}
