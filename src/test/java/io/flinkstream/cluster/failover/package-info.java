/**
 * Failover with real JVMs: node processes ({@code io.flinkstream.cluster.NodeProcesses}) on 127.0.0.1 sharing a
 * PostgreSQL journal and a checkpoint folder, a keyed, checkpointed job class on the test class path, and tests that
 * SIGKILL nodes under it and check the exactly-once output record for record. Depends on the client (the nodes are
 * reached as a user reaches them), the cluster test harness, the public API, and the checkpoint store to check that
 * no checkpoint is left pending.
 */
package io.flinkstream.cluster.failover;
