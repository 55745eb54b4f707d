/**
 * The command line: {@code pageviews} runs the page-view counter sample, {@code bench} the benchmarks (with
 * {@code --cluster-jvms}, W1 on a {@code LocalCluster} of node JVMs against one JVM), {@code node} a cluster node, {@code port}
 * rewrites a Flink program's imports to FlinkStream's (the table is the resource
 * {@code flink-imports.tsv}). Depends on everything; nothing depends on it.
 */
package io.flinkstream.cli;
