/**
 * Nodes: the Akka actor system configured as a cluster member that hosts subtask entities and job masters, and its settings. {@code FlinkStreamNode.startEmbedded()} is the default single-node cluster on loopback that joins itself; {@code FlinkStreamNode.attach(system)} runs FlinkStream inside a service's own cluster actor system instead, sharing the system's job registry ({@code NodeJobs}, an Akka extension) and never terminating it. Depends on {@code runtime}; the API uses it to submit jobs.
 */
package io.flinkstream.cluster;
