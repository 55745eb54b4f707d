/**
 * Failover with real JVMs: node processes ({@code io.flinkstream.cluster.NodeProcesses}) on 127.0.0.1 sharing a
 * PostgreSQL journal and a checkpoint folder, a keyed, checkpointed job class on the test class path, and tests that
 * SIGKILL nodes under it and check the exactly-once output record for record. Depends on the client, the cluster
 * test harness and the public API only: the nodes are reached as a user reaches them.
 */
package io.flinkstream.cluster.failover;
