/**
 * JMH micro-benchmarks, run by hand and never by {@code mvn verify} (their names end in {@code Benchmark}, not
 * {@code Test}); docs/benchmarks.md says how to run each and what it measured.
 */
package io.flinkstream.bench;
