/**
 * Nodes: the Akka actor system configured as a cluster member that hosts subtask entities and job masters, and its settings. {@code FlinkStreamNode.startEmbedded()} is the default single-node cluster on loopback that joins itself; {@code FlinkStreamNode.startJoining(config, seedNodes)} starts a node of a larger cluster. Depends on {@code runtime}; the API uses it to submit jobs.
 */
package io.flinkstream.cluster;
