/**
 * The job as data: the logical stream nodes the DSL builds, the validated {@link io.flinkstream.runtime.graph.JobGraph} with its vertices (operator chains) and network edges, user code frozen for per-subtask copies, and the pure channel numbering both ends of an edge agree on. Depends on {@code api} interfaces and {@code runtime.operators}; no actors.
 */
package io.flinkstream.runtime.graph;
