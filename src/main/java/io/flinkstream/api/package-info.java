/**
 * The DataStream API users write jobs with, named and shaped like Apache Flink's: the environment (sources, settings, execute), streams, the user function interfaces and their rich variants, the runtime context, job handles and results. User functions extend {@link io.flinkstream.api.Function} and are serializable, because each subtask runs its own copy. Depends on {@code api.state} and {@code api.source}, on {@code state} for the keyed-backend seam of {@link io.flinkstream.api.StateBackend}, and on {@code runtime.graph}, {@code runtime.operators}, {@code cluster}, {@code cluster.jobs} (plan capture) and {@code connectors} only to build and submit jobs; nothing in the engine depends on the environment or stream classes.
 */
package io.flinkstream.api;
