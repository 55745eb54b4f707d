/**
 * The subtask: an actor hosted by Akka Cluster Sharding that runs a chain of operators in bounded slices. Records travel between subtasks in batches, by reference inside a JVM, over channels with credit-based flow control: a sender has at most the credit its receiver granted in flight, so heap stays bounded and slow consumers slow the sources. The queueing and credit logic lives in small single-threaded classes the actor drives. Depends on {@code runtime.graph}, {@code runtime.operators}, {@code state} and {@code runtime.job}'s protocol.
 */
package io.flinkstream.runtime.task;
