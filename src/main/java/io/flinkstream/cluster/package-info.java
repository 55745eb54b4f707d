/**
 * Nodes: the Akka actor system configured as a cluster member that hosts subtask entities and job masters, and its settings. {@code FlinkStreamNode.startEmbedded()} is the default single-node cluster on loopback that joins itself. {@code FlinkStreamNode.start(config)} is a cluster node: it also runs the durable job manager of {@code cluster.jobs} and the gateway clients submit to. Depends on {@code runtime} and {@code cluster.jobs}; the API uses it to submit jobs.
 */
package io.flinkstream.cluster;
