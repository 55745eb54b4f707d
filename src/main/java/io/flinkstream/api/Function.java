package io.flinkstream.api;

/**
 * Marker for every user function handed to the DataStream API (map, filter, key selectors, reduce and aggregate
 * functions of state descriptors, ...).
 *
 * <p>The job graph carries functions to the subtasks in serialized form, and every subtask deserializes its own
 * copy. A function must therefore be {@link java.io.Serializable}, and so must everything it captures: a lambda that
 * captures a non-serializable object fails when the job is submitted. Keep connections, clients and caches in
 * {@code transient} fields and create them in {@link RichFunction#open(OpenContext)}.
 */
public interface Function extends java.io.Serializable {
}
