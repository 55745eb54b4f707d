/**
 * The keyed state that user functions see: the state interfaces ({@link io.flinkstream.api.state.ValueState},
 * {@link io.flinkstream.api.state.ListState}, {@link io.flinkstream.api.state.MapState},
 * {@link io.flinkstream.api.state.ReducingState}, {@link io.flinkstream.api.state.AggregatingState}) and the
 * descriptors that name and type them. A function obtains state from its runtime context, usually once in
 * {@code open()}, and every access is scoped to the key of the record being processed. This package holds only
 * interfaces and serializable descriptors; it may depend on {@code io.flinkstream.api} (for the function types
 * carried by descriptors) and the JDK, never on the runtime or on a state backend.
 */
package io.flinkstream.api.state;
