/**
 * The command line: {@code pageviews} runs the page-view counter sample, {@code bench} the benchmarks. Depends on everything; nothing depends on it.
 */
package io.flinkstream.cli;
