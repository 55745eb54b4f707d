/**
 * Nodes: the Akka actor system configured as a cluster member that hosts subtask entities and job masters, and its
 * settings. {@code FlinkStreamNode.startEmbedded()} is the default single-node cluster on loopback that joins itself;
 * {@code FlinkStreamNode.start(Config)} is a cluster node that binds the configured address, joins the configured seed
 * nodes and loads users' job classes from its lib folder ({@code UserCodeClassLoader}), failing with a
 * {@code NodeStartException} that names the setting to check ({@code startJoining(config, seedNodes)} is the same
 * for a node whose seed nodes are given in code); {@code FlinkStreamNode.attach(system)} runs FlinkStream
 * inside a service's own cluster actor system instead, sharing the system's job registry ({@code NodeJobs}, an Akka
 * extension) and never terminating it. A cluster node also runs the durable job manager of {@code cluster.jobs} and
 * the gateway clients submit to, and {@code NodeTraffic}, which answers the node's data-plane counters. Depends on {@code runtime}, {@code cluster.jobs} and on Akka (cluster, remoting); the API uses it to
 * submit jobs, the command line to run a node.
 */
package io.flinkstream.cluster;
