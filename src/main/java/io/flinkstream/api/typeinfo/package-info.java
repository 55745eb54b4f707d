/**
 * Type information: what FlinkStream knows of the type of records and state values ({@code TypeInformation},
 * {@code TypeHint}, {@code Types}), and the rules that find it from classes and functions ({@code TypeExtractor}).
 * Flink's names, so that a Flink program's type hints port by changing imports. Depends on
 * {@code io.flinkstream.api.typeutils} (the serializers each type creates) and, for tuples, on
 * {@code io.flinkstream.api.tuple}; nothing of the runtime.
 */
package io.flinkstream.api.typeinfo;
