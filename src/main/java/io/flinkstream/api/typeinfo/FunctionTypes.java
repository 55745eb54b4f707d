package io.flinkstream.api.typeinfo;

import io.flinkstream.api.AggregateFunction;
import io.flinkstream.api.FlatMapFunction;
import io.flinkstream.api.KeySelector;
import io.flinkstream.api.KeyedProcessFunction;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.ProcessFunction;
import io.flinkstream.api.source.Source;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the result types of user functions, as Flink's {@code TypeExtractor} does, so that a stream knows the type
 * of its records without a {@code returns(...)} hint:
 *
 * <pre>{@code
 * FunctionTypes.getMapReturnTypes((MapFunction<Long, String>) v -> "#" + v, Types.LONG);   // STRING
 * FunctionTypes.getKeySelectorTypes((KeySelector<String, Integer>) String::length, Types.STRING); // INT
 * }</pre>
 *
 * <p>For a class (named, anonymous or inner) the type arguments come from its generic superclasses and interfaces,
 * with type variables bound on the way ({@code class B extends A<String>} where
 * {@code A<X> implements MapFunction<X, List<X>>} maps to {@code List<String>}). A type variable the class leaves
 * open is bound from the input type when the input is that very variable: {@code Identity<T> implements
 * MapFunction<T, T>} maps a stream of Longs to Longs. For a serializable lambda or method reference the types come
 * from its {@link SerializedLambda}, which keeps only erased classes, and for a method reference from the generic
 * signature of the method it names.
 *
 * <p>What erasure hides becomes a {@link GenericTypeInfo} of the erased class ({@code GenericTypeInfo<Object>} for
 * the output of a flatMap lambda, which reaches a {@code Collector<O>}); give it with {@code returns(...)}. A failing
 * reflection ends the same way, logged at debug level: these methods never return null and never throw on account of
 * the function they inspect.
 */
public final class FunctionTypes {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionTypes.class);

    private FunctionTypes() {
    }

    /**
     * The type argument {@code typeArgumentIndex} of {@code functionType} as {@code function} implements it.
     *
     * <pre>{@code
     * // KeyedProcessFunction<K, I, O>: the output O is argument 2, the input I argument 1
     * FunctionTypes.outputType(function, KeyedProcessFunction.class, 2, keyType, inType);
     * }</pre>
     *
     * @param function          the user function
     * @param functionType      the generic interface or abstract class it implements: {@code MapFunction.class},
     *                          {@code ProcessFunction.class}, {@code Source.class}
     * @param typeArgumentIndex which type argument of {@code functionType} to find, from 0
     * @param inputTypes        the known types of {@code functionType}'s type arguments, by position (null or
     *                          missing where not known); they bind the function's open type variables
     * @return the type, or a {@link GenericTypeInfo} of the erased class where erasure hides it
     * @throws NullPointerException     if {@code function} or {@code functionType} is null
     * @throws IllegalArgumentException if {@code function} is not a {@code functionType}, or the index is not one of
     *                                  its type arguments
     */
    @SuppressWarnings("unchecked")
    public static <OUT> TypeInformation<OUT> outputType(Object function, Class<?> functionType, int typeArgumentIndex,
            TypeInformation<?>... inputTypes) {
        checkArguments(function, functionType, typeArgumentIndex);
        TypeInformation<?>[] inputs = inputTypes == null ? new TypeInformation<?>[0] : inputTypes;
        try {
            SerializedLambda lambda = LambdaTypes.serializedForm(function);
            if (lambda != null) {
                Type type = LambdaTypes.argumentType(lambda, function.getClass().getClassLoader(), functionType,
                        typeArgumentIndex);
                return (TypeInformation<OUT>) typeOf(type, function.getClass(), functionType, typeArgumentIndex);
            }
            return (TypeInformation<OUT>) fromClass(function.getClass(), functionType, typeArgumentIndex, inputs);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError failure) {
            LOG.debug("Could not find type argument {} of {} for {}; treating it as a generic type",
                    typeArgumentIndex, functionType.getName(), function.getClass().getName(), failure);
            return (TypeInformation<OUT>) new GenericTypeInfo<>(Object.class);
        }
    }

    /** The output type of a {@link MapFunction} whose input is {@code inType}. */
    public static <IN, OUT> TypeInformation<OUT> getMapReturnTypes(MapFunction<IN, OUT> mapFunction,
            TypeInformation<IN> inType) {
        return outputType(mapFunction, MapFunction.class, 1, inType);
    }

    /**
     * The output type of a {@link FlatMapFunction} whose input is {@code inType}. Generic for a lambda, whose output
     * goes through an erased {@code Collector}.
     */
    public static <IN, OUT> TypeInformation<OUT> getFlatMapReturnTypes(FlatMapFunction<IN, OUT> flatMapFunction,
            TypeInformation<IN> inType) {
        return outputType(flatMapFunction, FlatMapFunction.class, 1, inType);
    }

    /** The key type of a {@link KeySelector} whose input is {@code inType}. */
    public static <IN, KEY> TypeInformation<KEY> getKeySelectorTypes(KeySelector<IN, KEY> selector,
            TypeInformation<IN> inType) {
        return outputType(selector, KeySelector.class, 1, inType);
    }

    /** The output type of a {@link ProcessFunction} whose input is {@code inType}. */
    public static <IN, OUT> TypeInformation<OUT> getProcessFunctionReturnTypes(ProcessFunction<IN, OUT> function,
            TypeInformation<IN> inType) {
        return outputType(function, ProcessFunction.class, 1, inType);
    }

    /** The output type of a {@link KeyedProcessFunction} whose input is {@code inType}. */
    public static <KEY, IN, OUT> TypeInformation<OUT> getKeyedProcessFunctionReturnTypes(
            KeyedProcessFunction<KEY, IN, OUT> function, TypeInformation<IN> inType) {
        return outputType(function, KeyedProcessFunction.class, 2, null, inType);
    }

    /** The accumulator type of an {@link AggregateFunction} whose input is {@code inType}. */
    public static <IN, ACC> TypeInformation<ACC> getAggregateFunctionAccumulatorType(
            AggregateFunction<IN, ACC, ?> function, TypeInformation<IN> inType) {
        return outputType(function, AggregateFunction.class, 1, inType);
    }

    /** The result type of an {@link AggregateFunction} whose input is {@code inType}. */
    public static <IN, OUT> TypeInformation<OUT> getAggregateFunctionReturnType(
            AggregateFunction<IN, ?, OUT> function, TypeInformation<IN> inType) {
        return outputType(function, AggregateFunction.class, 2, inType);
    }

    /** The type of the records a {@link Source} produces: the T of {@code Source<T, SplitT>}. */
    public static <T> TypeInformation<T> getSourceType(Source<T, ?> source) {
        return outputType(source, Source.class, 0);
    }

    /** The type of a {@link Source}'s splits: the SplitT of {@code Source<T, SplitT>}. */
    public static <SplitT extends Serializable> TypeInformation<SplitT> getSplitType(Source<?, SplitT> source) {
        return outputType(source, Source.class, 1);
    }

    private static void checkArguments(Object function, Class<?> functionType, int index) {
        if (function == null) {
            throw new NullPointerException("No function to find a type of: pass the user function, e.g. the "
                    + "MapFunction given to map(...)");
        }
        if (functionType == null) {
            throw new NullPointerException("No function type: pass the interface or class whose type argument to "
                    + "find, e.g. MapFunction.class");
        }
        if (!functionType.isInstance(function)) {
            throw new IllegalArgumentException(function.getClass().getName() + " is not a " + functionType.getName()
                    + ": pass the interface or class the function implements");
        }
        int arguments = functionType.getTypeParameters().length;
        if (index < 0 || index >= arguments) {
            throw new IllegalArgumentException("Type argument " + index + " of " + functionType.getName()
                    + " does not exist: it has " + arguments + " (indexes 0 to " + (arguments - 1) + ")");
        }
    }

    /**
     * The type a class gives {@code functionType}'s argument {@code index}; variables left open are bound from the
     * inputs where an input argument is exactly that variable.
     */
    private static TypeInformation<?> fromClass(Class<?> cls, Class<?> functionType, int index,
            TypeInformation<?>[] inputs) {
        Type[] arguments = TypeArguments.of(cls, functionType);
        Type output = arguments[index];
        Map<TypeVariable<?>, TypeInformation<?>> fromInputs = new HashMap<>();
        for (int i = 0; i < inputs.length && i < arguments.length; i++) {
            if (i != index && inputs[i] != null && arguments[i] instanceof TypeVariable<?> variable) {
                fromInputs.put(variable, inputs[i]);
            }
        }
        if (output instanceof TypeVariable<?> variable && fromInputs.containsKey(variable)) {
            // The input type itself, which keeps what a class could not say (a tuple's field types, say).
            return fromInputs.get(variable);
        }
        // Nested in a larger type (List<T>), an input stands for its class, when that class has no arguments to lose.
        Map<TypeVariable<?>, Type> classes = new HashMap<>();
        fromInputs.forEach((variable, input) -> {
            if (input.getTypeClass().getTypeParameters().length == 0) {
                classes.put(variable, input.getTypeClass());
            }
        });
        return typeOf(TypeArguments.substitute(output, classes), cls, functionType, index);
    }

    /** The type information of {@code type}, or generic where it is unknown, erased to Object, or still open. */
    private static TypeInformation<?> typeOf(Type type, Class<?> functionClass, Class<?> functionType, int index) {
        if (type == null || type == Object.class || TypeArguments.hasTypeVariables(type)) {
            LOG.debug("Type argument {} of {} is hidden by erasure in {} (found {}); treating it as a generic type",
                    index, functionType.getName(), functionClass.getName(), type);
            Class<?> erased = type == null ? Object.class : TypeExtractor.erase(type);
            return new GenericTypeInfo<>(erased);
        }
        return TypeExtractor.createTypeInfo(type);
    }
}
