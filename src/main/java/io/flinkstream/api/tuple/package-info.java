/**
 * Flink's tuple classes: the abstract {@link io.flinkstream.api.tuple.Tuple} and the fixed-arity
 * {@link io.flinkstream.api.tuple.Tuple0} to {@link io.flinkstream.api.tuple.Tuple25}, mutable serializable values
 * with public fields {@code f0}, {@code f1}, … that a Flink program uses for keys, pairs and small records. Their
 * names, methods, {@code equals}, {@code hashCode} and {@code toString} match Flink's, so such a program ports by
 * changing its imports. {@code Tuple1} to {@code Tuple25} are generated from one template and differ only in arity.
 * This package depends on nothing else in FlinkStream, only on the JDK. Inside FlinkStream itself, prefer a named
 * record to a tuple.
 */
package io.flinkstream.api.tuple;
