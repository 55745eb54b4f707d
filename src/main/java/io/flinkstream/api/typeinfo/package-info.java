/**
 * Type information: what FlinkStream knows of the type of records and state values ({@code TypeInformation},
 * {@code TypeHint}, {@code Types}), the types themselves (basic types and their arrays, primitive arrays, tuples,
 * lists, maps, Optional, enums, object arrays, records, POJOs, generic types), and the rules that find them from
 * classes ({@code TypeExtractor}, with {@code ContainerTypes} and {@code StructTypes}) and from the classes, lambdas
 * and method references of user functions ({@code FunctionTypes}). Flink's names, so that a Flink program's type
 * hints port by changing imports. Depends on {@code io.flinkstream.api.typeutils} (the serializers each type
 * creates), on {@code io.flinkstream.api.tuple} for tuples, and on the function interfaces of
 * {@code io.flinkstream.api} and {@code io.flinkstream.api.source} whose type arguments it reads; nothing of the
 * runtime.
 */
package io.flinkstream.api.typeinfo;
