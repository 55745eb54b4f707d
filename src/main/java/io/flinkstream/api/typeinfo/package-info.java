/**
 * Type information: what FlinkStream knows of the type of records and state values ({@code TypeInformation},
 * {@code TypeHint}, {@code Types}), the types themselves (basic types and their arrays, primitive arrays, tuples,
 * lists, maps, Optional, enums, object arrays, generic types), and the rules that find them from classes and
 * functions ({@code TypeExtractor}, with {@code ContainerTypes} for the container kinds). Flink's names, so that a
 * Flink program's type hints port by changing imports. Depends on {@code io.flinkstream.api.typeutils} (the
 * serializers each type creates) and, for tuples, on {@code io.flinkstream.api.tuple}; nothing of the runtime.
 */
package io.flinkstream.api.typeinfo;
