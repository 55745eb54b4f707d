/**
 * The engine that runs jobs. {@code runtime.graph} turns the logical graph into a job graph (chaining, partitioning, channel numbering); {@code runtime.operators} drives user functions; {@code runtime.task} runs each subtask as a sharded actor exchanging record batches under credit-based flow control; {@code runtime.network} and {@code runtime.network.frames} define the data plane's frames and their bytes; {@code runtime.job} holds the per-job master actor. This package holds only what they share: the marker of messages that may cross a JVM.
 */
package io.flinkstream.runtime;
