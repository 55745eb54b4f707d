package io.flinkstream.api;

import io.flinkstream.api.source.Source;
import io.flinkstream.api.typeinfo.FunctionTypes;
import io.flinkstream.api.typeinfo.TypeInformation;

/**
 * The result types of the DataStream operations, from their functions: where a type cannot be told, the generic
 * type, never an error.
 */
final class OperatorTypes {
    private OperatorTypes() {
    }

    static <T, R> TypeInformation<R> map(MapFunction<T, R> function, TypeInformation<T> in) {
        return FunctionTypes.getMapReturnTypes(function, in);
    }

    static <T, R> TypeInformation<R> flatMap(FlatMapFunction<T, R> function, TypeInformation<T> in) {
        return FunctionTypes.getFlatMapReturnTypes(function, in);
    }

    static <T, R> TypeInformation<R> process(ProcessFunction<T, R> function, TypeInformation<T> in) {
        return FunctionTypes.getProcessFunctionReturnTypes(function, in);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T, R> TypeInformation<R> keyedProcess(KeyedProcessFunction<?, T, R> function, TypeInformation<T> in) {
        return FunctionTypes.getKeyedProcessFunctionReturnTypes((KeyedProcessFunction) function, in);
    }

    static <T, K> TypeInformation<K> key(KeySelector<T, K> key, TypeInformation<T> in) {
        return FunctionTypes.getKeySelectorTypes(key, in);
    }

    static <T> TypeInformation<T> source(Source<T, ?> source) {
        return FunctionTypes.getSourceType(source);
    }
}
